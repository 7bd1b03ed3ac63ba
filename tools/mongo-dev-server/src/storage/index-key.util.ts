/**
 * Index key normalisation. `keyOf(value)` maps a BSON value to a string such that two values
 * are equal for mongod's index/equality purposes iff their keys are equal:
 * numbers compare by value (1 == 1.0 == Long(1)), missing == null, embedded documents
 * compare field-order-sensitively. `indexKeysOf` expands multikey (array) values the way
 * mongod does: one key per array element (cartesian product across fields).
 */
import type { Doc } from './doc.types';
import { bsonTagOf, isPlainObject, textOf, toNumber } from '../util/bson-value.util';

export const NULL_KEY = 'N';

export function keyOf(v: unknown): string {
  if (v === undefined || v === null) return NULL_KEY;
  switch (typeof v) {
    case 'string':
      return `s${v.length}:${v}`;
    case 'number':
      return `n${v === 0 ? 0 : v}`;
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return `n${Number(v)}`;
    case 'object':
      break;
    default:
      return `?${textOf(v)}`;
  }
  if (Array.isArray(v)) return `[${v.map(keyOf).join(',')}]`;
  if (v instanceof Date) return `d${v.getTime()}`;
  if (v instanceof RegExp) return `r${v.source.length}:${v.source}/${v.flags}`;
  if (isPlainObject(v)) {
    let out = '{';
    for (const k of Object.keys(v)) out += `${k.length}:${k}=${keyOf(v[k])},`;
    return `${out}}`;
  }
  switch (bsonTagOf(v)) {
    case 'ObjectId':
      return `o${textOf(v)}`;
    case 'Long': {
      const n = toNumber(v);
      return Number.isSafeInteger(n) ? `n${n === 0 ? 0 : n}` : `n${textOf(v)}`; // exact beyond 2^53
    }
    case 'Int32':
    case 'Double':
    case 'Decimal128': {
      const n = toNumber(v);
      return `n${n === 0 ? 0 : n}`;
    }
    case 'Timestamp':
      return `t${textOf(v)}`;
    case 'Binary': {
      const b = v as { sub_type: number; toString(enc: string): string };
      return `x${b.sub_type}:${b.toString('base64')}`;
    }
    case 'MinKey':
      return 'm-';
    case 'MaxKey':
      return 'm+';
    default:
      return `?${textOf(v)}`;
  }
}

/**
 * All values found at a dotted path, descending through arrays like mongod's multikey
 * indexing. Missing values yield `undefined` (indexed as null).
 */
export function valuesAtPath(doc: unknown, path: readonly string[]): unknown[] {
  const out: unknown[] = [];
  collect(doc, path, 0, out);
  return out;
}

function collect(value: unknown, path: readonly string[], i: number, out: unknown[]): void {
  if (i === path.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else for (const e of value) out.push(e);
    } else {
      out.push(value);
    }
    return;
  }
  if (Array.isArray(value)) {
    const part = path[i];
    if (/^\d+$/.test(part)) {
      collect(value[Number(part)], path, i + 1, out);
      return;
    }
    if (value.length === 0) out.push(undefined);
    for (const e of value) {
      if (isPlainObject(e)) collect(e, path, i, out);
      else out.push(undefined);
    }
    return;
  }
  if (isPlainObject(value)) {
    collect(value[path[i]], path, i + 1, out);
    return;
  }
  out.push(undefined);
}

/** One index entry of a document: its normalised key and the values it was built from. */
export interface IndexKey {
  readonly key: string;
  readonly values: readonly unknown[];
}

/** Keys of `doc` for an index over `fields` (split paths); duplicates removed. */
export function indexKeysOf(doc: Doc, fields: readonly (readonly string[])[]): IndexKey[] {
  if (fields.length === 1) {
    const vals = valuesAtPath(doc, fields[0]);
    if (vals.length === 1) return [{ key: keyOf(vals[0]), values: vals }];
    const seen = new Map<string, IndexKey>();
    for (const v of vals) {
      const key = keyOf(v);
      if (!seen.has(key)) seen.set(key, { key, values: [v] });
    }
    return [...seen.values()];
  }
  let combos: { key: string; values: unknown[] }[] = [{ key: '', values: [] }];
  for (const f of fields) {
    const vals = valuesAtPath(doc, f);
    const next: { key: string; values: unknown[] }[] = [];
    for (const c of combos) {
      for (const v of vals) next.push({ key: `${c.key}|${keyOf(v)}`, values: [...c.values, v] });
    }
    combos = next;
  }
  const seen = new Map<string, IndexKey>();
  for (const c of combos) if (!seen.has(c.key)) seen.set(c.key, c);
  return [...seen.values()];
}

/** Key for an equality lookup on the given field values (same format as indexKeysOf). */
export function lookupKeyOf(values: readonly unknown[]): string {
  if (values.length === 1) return keyOf(values[0]);
  let key = '';
  for (const v of values) key += `|${keyOf(v)}`;
  return key;
}
