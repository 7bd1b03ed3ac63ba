/**
 * Equality lookups for the planner: the equality values of a filter's field conditions
 * (plain value, `$eq`, `$in`; also inside a top-level `$and`), and candidate generators for
 * the `_id` map and for an index's equality lookups (hash map or point ranges of the ordered
 * entries). Generators count the index keys they read in `stats.keysExamined`.
 */
import type { CollectionStore } from '../storage/collection.store';
import type { Doc } from '../storage/doc.types';
import { keyOf } from '../storage/index-key.util';
import type { SecondaryIndex } from '../storage/secondary.index';
import { bsonTagOf, compareValues, isPlainObject } from '../util/bson-value.util';
import type { ServerStats } from '../util/server-stats';

/** Values usable as exact hash-index keys (scalars whose equality is plain key equality). */
function isLookupSafe(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return !Number.isNaN(v);
    case 'object':
      if (v === null || Array.isArray(v) || v instanceof RegExp) return false;
      if (v instanceof Date) return true;
      // embedded document literal: mongod compares it field-order-sensitively, like keyOf
      if (isPlainObject(v)) return Object.keys(v).every((k) => !k.startsWith('$'));
      return bsonTagOf(v) === 'ObjectId';
    default:
      return false;
  }
}

/** Equality values for one field condition, or undefined if it is not a pure equality. */
function equalityValues(cond: unknown, allowIn: boolean): unknown[] | undefined {
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond);
    if (keys.length > 0 && keys.every((k) => k.startsWith('$'))) {
      if (keys.length !== 1) {
        return keys.includes('$eq') && isLookupSafe(cond['$eq']) ? [cond['$eq']] : undefined;
      }
      if (keys[0] === '$eq') return isLookupSafe(cond['$eq']) ? [cond['$eq']] : undefined;
      if (keys[0] === '$in' && allowIn && Array.isArray(cond['$in']) && cond['$in'].every(isLookupSafe)) {
        return cond['$in'] as unknown[];
      }
      return undefined;
    }
  }
  return isLookupSafe(cond) ? [cond] : undefined;
}

/** Field → conditions, flattening a top-level $and. */
export function fieldConditions(filter: Doc): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const add = (f: Doc): void => {
    for (const k of Object.keys(f)) {
      const v = f[k];
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) add(sub);
      } else if (!k.startsWith('$')) {
        const list = out.get(k);
        if (list) list.push(v);
        else out.set(k, [v]);
      }
    }
  };
  add(filter);
  return out;
}

export function firstEquality(conds: unknown[] | undefined, allowIn: boolean): unknown[] | undefined {
  if (!conds) return undefined;
  for (const c of conds) {
    const vals = equalityValues(c, allowIn);
    if (vals) return vals;
  }
  return undefined;
}

/** Values in BSON order, one per distinct key. */
export function uniqueSortedValues(values: unknown[]): unknown[] {
  const sorted = values.length > 1 ? values.slice().sort(compareValues) : values;
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const v of sorted) {
    const k = keyOf(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

export function* idCandidates(coll: CollectionStore, keys: readonly string[], stats: ServerStats): Generator<string, void, undefined> {
  for (const k of keys) {
    if (!coll.docs.has(k)) continue;
    stats.keysExamined++;
    yield k;
  }
}

export function* hashCandidates(ix: SecondaryIndex, lookups: readonly (readonly unknown[])[], stats: ServerStats): Generator<string, void, undefined> {
  const out: string[] = [];
  for (const values of lookups) ix.lookup(values, out);
  stats.keysExamined += out.length;
  if (lookups.length === 1 && ix.rangeSafe) {
    yield* out;
    return;
  }
  const seen = new Set<string>();
  for (const pk of out) {
    if (seen.has(pk)) continue;
    seen.add(pk);
    yield pk;
  }
}
