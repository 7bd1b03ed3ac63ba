/**
 * Index bounds derived from a filter: for each field, the sorted, disjoint intervals of
 * values a matching document can hold there, in mongod's BSON order (`compareValues`).
 *
 * Only predicates whose matches are exactly known give bounds: equality / `$eq` / `$in`
 * on scalars, and `$gt`/`$gte`/`$lt`/`$lte`, which (in mingo, as in mongod) only match
 * values of the operand's own type — a range on a Date matches Dates only — so a range is
 * closed by its type bracket. Values allowed as bounds: strings, non-NaN numbers, booleans,
 * Dates and ObjectIds; anything else (null, arrays, embedded documents, regexes, other BSON
 * types) gives no bound. Several conditions on one field (one operator object, a top-level
 * `$and`) intersect; a top-level `$or` bounds a field by the union of its branches' bounds
 * when every branch bounds it. Other operators are ignored: bounds over-approximate the
 * filter, which is re-checked on every candidate.
 */
import type { Doc } from '../storage/doc.types';
import { bsonTagOf, compareValues, isPlainObject, typeRank } from '../util/bson-value.util';

/**
 * One end of an interval. `edge` -1/+1: before/after every value of type bracket `rank`;
 * `edge` 0: at `value`, with `eps` 0 (inclusive), +1 (just after: exclusive lower end) or
 * -1 (just before: exclusive upper end).
 */
export interface Bound {
  readonly rank: number;
  readonly edge: -1 | 0 | 1;
  readonly value: unknown;
  readonly eps: -1 | 0 | 1;
}

export interface Interval {
  readonly lo: Bound;
  readonly hi: Bound;
}

/** Sorted, disjoint intervals; empty = nothing can match. */
export type IntervalList = readonly Interval[];

/** One top-level conjunct of a filter: a field condition (exact when its bounds say everything) or something else. */
export interface Conjunct {
  readonly field: string | undefined;
  readonly exact: boolean;
}

export interface FilterBounds {
  /** Field path → intervals; fields without bounds are absent. */
  readonly fields: ReadonlyMap<string, IntervalList>;
  /** Top-level conjuncts (after flattening `$and`), for costing residual predicates. */
  readonly conjuncts: readonly Conjunct[];
}

/** Scalars whose equality and order are plain value comparison in both mingo and the index. */
export function isBoundSafe(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(v);
    case 'object':
      if (v instanceof Date) return !Number.isNaN(v.getTime());
      return v !== null && !Array.isArray(v) && !(v instanceof RegExp) && bsonTagOf(v) === 'ObjectId';
    default:
      return false;
  }
}

/** Position of a value relative to a bound: < 0 before, 0 at (inclusive), > 0 after. */
export function compareToBound(v: unknown, b: Bound): number {
  if (b.edge !== 0) return typeRank(v) - b.rank || -b.edge;
  return compareValues(v, b.value) || -b.eps;
}

export function inIntervals(v: unknown, list: IntervalList): boolean {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareToBound(v, list[mid].hi) <= 0) hi = mid;
    else lo = mid + 1;
  }
  return lo < list.length && compareToBound(v, list[lo].lo) >= 0;
}

export function isPoint(iv: Interval): boolean {
  return iv.lo.edge === 0 && iv.hi.edge === 0 && iv.lo.eps === 0 && iv.hi.eps === 0 && compareValues(iv.lo.value, iv.hi.value) === 0;
}

function compareBounds(a: Bound, b: Bound): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.edge !== 0 || b.edge !== 0) return a.edge - b.edge;
  return compareValues(a.value, b.value) || a.eps - b.eps;
}

function at(v: unknown, eps: -1 | 0 | 1): Bound {
  return { rank: typeRank(v), edge: 0, value: v, eps };
}

function edge(rank: number, e: -1 | 1): Bound {
  return { rank, edge: e, value: undefined, eps: 0 };
}

export function pointInterval(v: unknown): Interval {
  const b = at(v, 0);
  return { lo: b, hi: b };
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

function rangeInterval(op: string, v: unknown): Interval {
  const rank = typeRank(v);
  switch (op) {
    case '$gt':
      return { lo: at(v, 1), hi: edge(rank, 1) };
    case '$gte':
      return { lo: at(v, 0), hi: edge(rank, 1) };
    case '$lt':
      return { lo: edge(rank, -1), hi: at(v, -1) };
    default:
      return { lo: edge(rank, -1), hi: at(v, 0) };
  }
}

/** Whether `b` starts no later than just after `a` ends (overlapping or adjacent). */
function touches(a: Interval, b: Interval): boolean {
  if (compareBounds(b.lo, a.hi) <= 0) return true;
  return a.hi.edge === 0 && b.lo.edge === 0 && (a.hi.eps === 0 || b.lo.eps === 0) && compareValues(a.hi.value, b.lo.value) === 0;
}

/** Normalises any intervals into a sorted, disjoint list. */
export function unionIntervals(intervals: readonly Interval[]): IntervalList {
  const sorted = intervals.filter((iv) => compareBounds(iv.lo, iv.hi) <= 0).sort((a, b) => compareBounds(a.lo, b.lo));
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && touches(last, iv)) {
      if (compareBounds(iv.hi, last.hi) > 0) out[out.length - 1] = { lo: last.lo, hi: iv.hi };
    } else {
      out.push(iv);
    }
  }
  return out;
}

export function intersectIntervals(a: IntervalList, b: IntervalList): IntervalList {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    const lo = compareBounds(x.lo, y.lo) >= 0 ? x.lo : y.lo;
    const hi = compareBounds(x.hi, y.hi) <= 0 ? x.hi : y.hi;
    if (compareBounds(lo, hi) <= 0) out.push({ lo, hi });
    if (compareBounds(x.hi, y.hi) <= 0) i++;
    else j++;
  }
  return out;
}

/** Bounds of one field condition (`{f: cond}`), or undefined when it gives none. */
function conditionBounds(cond: unknown): { intervals: IntervalList | undefined; exact: boolean } {
  if (!isPlainObject(cond)) {
    return isBoundSafe(cond) ? { intervals: [pointInterval(cond)], exact: true } : { intervals: undefined, exact: false };
  }
  const ops = Object.keys(cond);
  if (ops.length === 0 || !ops.every((k) => k.startsWith('$'))) return { intervals: undefined, exact: false }; // embedded document literal
  let intervals: IntervalList | undefined;
  let exact = true;
  for (const op of ops) {
    const arg = cond[op];
    let part: IntervalList | undefined;
    if (op === '$eq' && isBoundSafe(arg)) part = [pointInterval(arg)];
    else if (op === '$in' && Array.isArray(arg) && arg.every(isBoundSafe)) part = unionIntervals(arg.map(pointInterval));
    else if (RANGE_OPS.has(op) && isBoundSafe(arg)) part = [rangeInterval(op, arg)];
    if (part === undefined) {
      exact = false;
      continue;
    }
    intervals = intervals === undefined ? part : intersectIntervals(intervals, part);
  }
  return { intervals, exact: exact && intervals !== undefined };
}

function tighten(fields: Map<string, IntervalList>, field: string, list: IntervalList): void {
  const prev = fields.get(field);
  fields.set(field, prev === undefined ? list : intersectIntervals(prev, list));
}

/** Per field, the union of the branches' bounds, for fields every branch bounds. */
function orBounds(branches: readonly unknown[]): Map<string, IntervalList> {
  let acc: Map<string, IntervalList> | undefined;
  for (const branch of branches) {
    if (!isPlainObject(branch)) return new Map();
    const own = new Map<string, IntervalList>();
    collect(branch, own, undefined);
    if (acc === undefined) {
      acc = own;
      continue;
    }
    const next = new Map<string, IntervalList>();
    for (const [f, list] of acc) {
      const other = own.get(f);
      if (other !== undefined) next.set(f, unionIntervals([...list, ...other]));
    }
    acc = next;
  }
  return acc ?? new Map();
}

function collect(filter: Doc, fields: Map<string, IntervalList>, conjuncts: Conjunct[] | undefined): void {
  for (const k of Object.keys(filter)) {
    const v = filter[k];
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) {
        if (isPlainObject(sub)) collect(sub, fields, conjuncts);
        else conjuncts?.push({ field: undefined, exact: false });
      }
    } else if (k === '$or' && Array.isArray(v) && v.length > 0) {
      conjuncts?.push({ field: undefined, exact: false });
      for (const [f, list] of orBounds(v)) tighten(fields, f, list);
    } else if (k.startsWith('$')) {
      conjuncts?.push({ field: undefined, exact: false });
    } else {
      const c = conditionBounds(v);
      conjuncts?.push({ field: k, exact: c.exact });
      if (c.intervals !== undefined) tighten(fields, k, c.intervals);
    }
  }
}

export function filterBounds(filter: Doc | undefined): FilterBounds {
  const fields = new Map<string, IntervalList>();
  const conjuncts: Conjunct[] = [];
  if (filter) collect(filter, fields, conjuncts);
  return { fields, conjuncts };
}
