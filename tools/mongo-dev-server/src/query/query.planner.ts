/**
 * Chooses how to find candidate documents for a filter (+ sort + limit):
 *  - `_id` equality / `$in` on the `_id` map;
 *  - hash lookups on a secondary index whose every field has an equality predicate
 *    (plain value, `$eq`, `$in` for single-field indexes; also inside a top-level `$and`);
 *  - ordered index scans (`index-scan.ts`) over bounds from `index-bounds.util.ts`: points
 *    on leading fields, an interval list on the next, key filters on later ones, walked in
 *    index order (or reverse) when that order satisfies the requested sort, so the caller
 *    can skip the in-memory sort and stop at the limit; on a multikey index only when every
 *    multikey field has point bounds and no sort field is multikey (each document once);
 *  - otherwise a collection scan.
 * Candidates are always re-checked against the whole filter, so a plan only has to never
 * miss a matching document.
 *
 * Choice: each plan gets an estimate of documents examined — the keys in its ranges, or,
 * when its order satisfies the sort and the caller needs only `limit` documents, about
 * `limit × 10^residual` (residual: top-level conjuncts its bounds do not express exactly;
 * 2× that when only a sort prefix is satisfied and ties must be sorted) — and the lowest
 * estimate wins; ties go to fewer residual predicates, more of the sort satisfied, then
 * `_id`, unique hash, hash, ordered, scan. Ties among equal sort keys come back in index
 * order (primary key) rather than natural order; MongoDB leaves that order undefined too.
 */
import type { CollectionStore } from '../storage/collection.store';
import type { Doc } from '../storage/doc.types';
import { keyOf } from '../storage/index-key.util';
import type { SecondaryIndex } from '../storage/secondary.index';
import type { OrderedKeyList } from '../storage/ordered-key.list';
import type { ServerStats } from '../util/server-stats';
import { fieldConditions, firstEquality, hashCandidates, idCandidates, uniqueSortedValues } from './equality-lookup.util';
import type { FilterBounds, IntervalList } from './index-bounds.util';
import { filterBounds, isPoint } from './index-bounds.util';
import type { IndexStream } from './index-scan';
import { countKeys, scanIndex } from './index-scan';
import type { SortField } from './sort.util';

export interface QueryShape {
  readonly filter: Doc | undefined;
  /** Parsed sort ([] = none). */
  readonly sort: readonly SortField[];
  /** Documents the caller needs at most (skip + limit); 0 = all. */
  readonly limit: number;
  /** Collection scan only (a collation is in effect, or `$natural` is hinted or sorted on). */
  readonly forceScan: boolean;
}

export interface QueryPlan {
  /** Candidate primary keys in plan order; undefined = collection scan in natural order. */
  readonly candidates: Iterable<string> | undefined;
  /** Number of leading sort fields the candidate order satisfies. */
  readonly sortedPrefix: number;
  /** Index used ('_id_' for the `_id` map), undefined for a collection scan. */
  readonly indexName: string | undefined;
  /**
   * How many documents match, known from the index alone (mongod's COUNT_SCAN): set for an
   * ordered scan of an index no document has an array in, whose bounds express every conjunct
   * of the filter exactly, with no key filter — then each key in the ranges is one match.
   */
  readonly exactCount?: number;
}

/** Most ranges (point combinations × intervals) one ordered scan walks. */
const MAX_STREAMS = 200;
/** Assumed selectivity of each predicate a plan's bounds do not express: 1 in 10. */
const RESIDUAL_FACTOR = 10;

const Preference = { Id: 0, UniqueHash: 1, Hash: 2, Ordered: 3, Scan: 4 } as const;

interface Candidate {
  readonly plan: QueryPlan;
  /** Index keys (or documents) in the plan's ranges. */
  readonly examined: number;
  readonly residual: number;
  readonly preference: number;
}

function residualOf(bounds: FilterBounds, fields: readonly string[]): number {
  let n = 0;
  for (const c of bounds.conjuncts) if (!(c.exact && c.field !== undefined && fields.includes(c.field))) n++;
  return n;
}

function hashCandidate(ix: SecondaryIndex, conds: Map<string, unknown[]>, bounds: FilterBounds, stats: ServerStats): Candidate | undefined {
  let lookups: unknown[][];
  if (ix.fieldNames.length === 1) {
    const vals = firstEquality(conds.get(ix.fieldNames[0]), true);
    if (!vals) return undefined;
    lookups = uniqueSortedValues(vals).map((v) => [v]);
  } else {
    const values: unknown[] = [];
    for (const f of ix.fieldNames) {
      const vals = firstEquality(conds.get(f), false);
      if (!vals) return undefined;
      values.push(vals[0]);
    }
    lookups = [values];
  }
  let examined = 0;
  for (const values of lookups) examined += ix.lookupCount(values);
  return {
    plan: { candidates: hashCandidates(ix, lookups, stats), sortedPrefix: 0, indexName: ix.spec.name },
    examined,
    residual: residualOf(bounds, ix.fieldNames),
    preference: ix.unique ? Preference.UniqueHash : Preference.Hash,
  };
}

interface SortSupport {
  /** Leading sort fields satisfied by the walk. */
  readonly sortedPrefix: number;
  /** Whether an order must be kept (a non-constant sort field is satisfied). */
  readonly ordered: boolean;
  readonly forward: boolean;
  readonly mergeFrom: number;
}

/**
 * How much of the sort an ordered walk of the index satisfies. Sort fields held constant by
 * a single point bound are skipped; the rest must follow the index fields from some
 * `mergeFrom` ≤ `points` (fields before it are merged away), all in the index direction
 * (forward walk) or all against it (reverse walk).
 */
function sortSupport(sort: readonly SortField[], fields: readonly string[], dirs: readonly number[], constant: readonly boolean[], points: number): SortSupport {
  const position = new Map(fields.map((f, i) => [f, i] as const));
  const isConstant = (s: SortField): boolean => {
    const i = position.get(s.field);
    return i !== undefined && constant[i];
  };
  let best = { matched: 0, mergeFrom: 0, forward: true };
  for (let q = 0; q <= Math.min(points, fields.length - 1); q++) {
    const seq: number[] = [];
    for (let i = q; i < fields.length; i++) if (!constant[i]) seq.push(i);
    let sign = 0;
    let matched = 0;
    for (const s of sort) {
      if (isConstant(s)) continue;
      const i = seq[matched];
      if (i === undefined || fields[i] !== s.field) break;
      const sg = s.dir * dirs[i];
      if (sign !== 0 && sg !== sign) break;
      sign = sg;
      matched++;
    }
    if (matched > best.matched) best = { matched, mergeFrom: q, forward: sign >= 0 };
  }
  let sortedPrefix = 0;
  let used = 0;
  for (const s of sort) {
    if (isConstant(s)) sortedPrefix++;
    else if (used < best.matched) {
      used++;
      sortedPrefix++;
    } else break;
  }
  if (best.matched === 0 && sortedPrefix < sort.length) sortedPrefix = 0;
  return { sortedPrefix, ordered: best.matched > 0, forward: best.forward, mergeFrom: best.mergeFrom };
}

function orderedCandidate(ix: SecondaryIndex, list: OrderedKeyList, bounds: FilterBounds, sort: readonly SortField[], stats: ServerStats): Candidate | undefined {
  const fields = ix.fieldNames;
  const n = fields.length;
  const fb = fields.map((f) => bounds.fields.get(f));
  // a sparse index lacks documents missing its fields: usable only when the first field must exist
  if (ix.spec.sparse && fb[0] === undefined) return undefined;
  const name = ix.spec.name;
  const residual = residualOf(bounds, fields);
  if (fb.some((b) => b !== undefined && b.length === 0)) {
    return { plan: { candidates: [], sortedPrefix: sort.length, indexName: name }, examined: 0, residual, preference: Preference.Ordered };
  }
  const constant = fb.map((b) => b !== undefined && b.length === 1 && isPoint(b[0]));
  let points = 0;
  let combos = 1;
  for (; points < n; points++) {
    const b = fb[points];
    if (b === undefined || !b.every(isPoint) || combos * b.length > MAX_STREAMS) break;
    combos *= b.length;
  }
  let range: IntervalList | undefined = points < n ? fb[points] : undefined;
  if (range !== undefined && combos * range.length > MAX_STREAMS) range = undefined;
  const keyFilters: [number, IntervalList][] = [];
  for (let j = points; j < n; j++) {
    const b = fb[j];
    if (b !== undefined && !(j === points && range !== undefined)) keyFilters.push([j, b]);
  }
  const support = sortSupport(sort, fields, list.dirs, constant, points);
  if (fb.every((b) => b === undefined) && support.sortedPrefix === 0) return undefined;
  const multikey = ix.multikeyFields;
  const anyMultikey = multikey.some(Boolean);
  if (anyMultikey && (multikey.some((m, i) => m && i >= points) || sort.some((s) => multikey[fields.indexOf(s.field)] === true))) return undefined;

  let prefixes: unknown[][] = [[]];
  for (let f = 0; f < points; f++) {
    const next: unknown[][] = [];
    for (const pre of prefixes) for (const iv of fb[f] ?? []) next.push([...pre, iv.lo.value]);
    prefixes = next;
  }
  const streams: IndexStream[] = [];
  for (const prefix of prefixes) {
    if (range === undefined) streams.push({ prefix, range: undefined });
    else for (const iv of range) streams.push({ prefix, range: iv });
  }
  const spec = { list, streams, keyFilters, order: support.ordered ? { forward: support.forward, mergeFrom: support.mergeFrom } : undefined, dedupe: anyMultikey };
  const examined = countKeys(spec);
  const exact = !anyMultikey && residual === 0 && keyFilters.length === 0 && fb.some((b) => b !== undefined);
  return {
    plan: { candidates: scanIndex(spec, stats), sortedPrefix: support.sortedPrefix, indexName: name, ...(exact ? { exactCount: examined } : {}) },
    examined,
    residual,
    preference: Preference.Ordered,
  };
}

function estimate(c: Candidate, shape: QueryShape): number {
  if (shape.limit <= 0) return c.examined;
  const perResult = RESIDUAL_FACTOR ** Math.min(c.residual, 4);
  if (c.plan.sortedPrefix >= shape.sort.length) return Math.min(c.examined, shape.limit * perResult);
  if (c.plan.sortedPrefix > 0) return Math.min(c.examined, 2 * shape.limit * perResult);
  return c.examined;
}

const SCAN: QueryPlan = { candidates: undefined, sortedPrefix: 0, indexName: undefined };

export function planQuery(coll: CollectionStore, shape: QueryShape, stats: ServerStats): QueryPlan {
  const { filter, sort } = shape;
  if (shape.forceScan) return SCAN;
  const hasFilter = filter !== undefined && Object.keys(filter).length > 0;
  if (!hasFilter && sort.length === 0) return SCAN;
  // fast path: {_id: <string | number>, ...}
  const direct = filter?.['_id'];
  if (typeof direct === 'string' || (typeof direct === 'number' && !Number.isNaN(direct))) {
    return { candidates: idCandidates(coll, [keyOf(direct)], stats), sortedPrefix: sort.length, indexName: '_id_' };
  }
  const conds = hasFilter && filter ? fieldConditions(filter) : new Map<string, unknown[]>();
  const ids = firstEquality(conds.get('_id'), true);
  if (ids) {
    const keys = uniqueSortedValues(ids).map(keyOf);
    return { candidates: idCandidates(coll, keys, stats), sortedPrefix: keys.length <= 1 ? sort.length : 0, indexName: '_id_' };
  }
  const bounds = filterBounds(hasFilter ? filter : undefined);
  const candidates: Candidate[] = [
    { plan: SCAN, examined: coll.size, residual: bounds.conjuncts.length, preference: Preference.Scan },
  ];
  for (const ix of coll.indexes) {
    if (!ix.usableForLookup || ix.spec.hidden === true) continue;
    if (conds.size > 0) {
      const hash = hashCandidate(ix, conds, bounds, stats);
      if (hash) candidates.push(hash);
    }
    const list = ix.orderedKeys;
    if (list && ix.orderedUsable) {
      const ordered = orderedCandidate(ix, list, bounds, sort, stats);
      if (ordered) candidates.push(ordered);
    }
  }
  let best = candidates[0];
  let bestCost = estimate(best, shape);
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i];
    const cost = estimate(c, shape);
    const better =
      cost !== bestCost
        ? cost < bestCost
        : c.residual !== best.residual
          ? c.residual < best.residual
          : c.plan.sortedPrefix !== best.plan.sortedPrefix
            ? c.plan.sortedPrefix > best.plan.sortedPrefix
            : c.preference < best.preference;
    if (better) {
      best = c;
      bestCost = cost;
    }
  }
  return best.plan;
}
