/**
 * Chooses how to find candidate documents for a filter: an equality lookup on the `_id`
 * map or on a secondary index whose every field has an equality predicate (plain value,
 * `{$eq: v}`, or `{$in: [...]}` for single-field indexes; also inside a top-level `$and`),
 * or a full scan. Candidates are always re-checked against the whole filter, so a lookup
 * only has to never miss a matching document.
 */
import type { CollectionStore } from '../storage/collection.store';
import type { Doc } from '../storage/doc.types';
import { keyOf, lookupKeyOf } from '../storage/index-key.util';
import { bsonTagOf, compareValues, isPlainObject } from '../util/bson-value.util';

/** Values usable as exact index keys (scalars whose equality is plain key equality). */
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

/** Field → condition, flattening a top-level $and. */
function fieldConditions(filter: Doc): Map<string, unknown[]> {
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

function firstEquality(conds: unknown[] | undefined, allowIn: boolean): unknown[] | undefined {
  if (!conds) return undefined;
  for (const c of conds) {
    const vals = equalityValues(c, allowIn);
    if (vals) return vals;
  }
  return undefined;
}

/**
 * Primary keys of the candidate documents, in index order, or undefined when the
 * filter needs a collection scan.
 */
export function planLookup(coll: CollectionStore, filter: Doc | undefined, forceScan: boolean): string[] | undefined {
  if (!filter || forceScan) return undefined;
  // fast path: {_id: <scalar>, ...}
  const direct = filter['_id'];
  if (direct !== undefined && (typeof direct === 'string' || typeof direct === 'number')) {
    return typeof direct === 'number' && Number.isNaN(direct) ? undefined : [keyOf(direct)];
  }
  const conds = fieldConditions(filter);
  if (conds.size === 0) return undefined;
  const ids = firstEquality(conds.get('_id'), true);
  if (ids) return uniqueSortedKeys(ids);
  const lookups = coll.indexes.filter((ix) => ix.usableForLookup);
  // unique indexes first: at most one candidate per key
  lookups.sort((a, b) => Number(b.unique) - Number(a.unique));
  for (const ix of lookups) {
    if (ix.fieldNames.length === 1) {
      const vals = firstEquality(conds.get(ix.fieldNames[0]), true);
      if (!vals) continue;
      const out: string[] = [];
      const seen = new Set<string>();
      for (const key of uniqueSortedKeys(vals)) ix.lookup(key, out);
      return out.filter((pk) => (seen.has(pk) ? false : (seen.add(pk), true)));
    }
    const values: unknown[] = [];
    let ok = true;
    for (const f of ix.fieldNames) {
      const vals = firstEquality(conds.get(f), false);
      if (!vals) {
        ok = false;
        break;
      }
      values.push(vals[0]);
    }
    if (!ok) continue;
    const out: string[] = [];
    ix.lookup(lookupKeyOf(values), out);
    return out;
  }
  return undefined;
}

function uniqueSortedKeys(values: unknown[]): string[] {
  const sorted = values.length > 1 ? values.slice().sort(compareValues) : values;
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const v of sorted) {
    const k = keyOf(v);
    if (!seen.has(k)) {
      seen.add(k);
      keys.push(k);
    }
  }
  return keys;
}
