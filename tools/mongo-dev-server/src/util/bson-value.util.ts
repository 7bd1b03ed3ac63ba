/**
 * BSON value helpers shared by storage, query and command code:
 *  - `bsonTypeOf` classifies a decoded value (plain JS values + `bson` classes);
 *  - `deepCopy` copies plain objects/arrays/Dates (bson class instances are treated as immutable and shared);
 *  - `compareValues` orders two values like mongod's canonical BSON comparison (used for sort
 *    and ordered indexes), `typeRank` gives a value's type bracket in that order;
 *  - `isPlainObject` tells an embedded document from a bson class instance.
 */
import type { Doc } from '../storage/doc.types';

export const BsonKind = {
  MinKey: 'minKey',
  Null: 'null',
  Number: 'number',
  String: 'string',
  Object: 'object',
  Array: 'array',
  Binary: 'binData',
  ObjectId: 'objectId',
  Boolean: 'bool',
  Date: 'date',
  Timestamp: 'timestamp',
  RegExp: 'regex',
  MaxKey: 'maxKey',
  Other: 'other',
} as const;
export type BsonKindValue = (typeof BsonKind)[keyof typeof BsonKind];

/** mongod's canonical sort order of BSON types (missing and null sort together). */
const RANK: Record<BsonKindValue, number> = {
  minKey: 1,
  null: 2,
  number: 3,
  string: 4,
  object: 5,
  array: 6,
  binData: 7,
  objectId: 8,
  bool: 9,
  date: 10,
  timestamp: 11,
  regex: 12,
  other: 13,
  maxKey: 14,
};

type BsonTagged = { _bsontype?: string };

export function bsonTagOf(v: object): string | undefined {
  return (v as BsonTagged)._bsontype;
}

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

export function bsonTypeOf(v: unknown): BsonKindValue {
  if (v === undefined || v === null) return BsonKind.Null;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return BsonKind.Number;
    case 'string':
      return BsonKind.String;
    case 'boolean':
      return BsonKind.Boolean;
    case 'object':
      break;
    default:
      return BsonKind.Other;
  }
  if (Array.isArray(v)) return BsonKind.Array;
  if (v instanceof Date) return BsonKind.Date;
  if (v instanceof RegExp) return BsonKind.RegExp;
  if (isPlainObject(v)) return BsonKind.Object;
  switch (bsonTagOf(v)) {
    case 'ObjectId':
      return BsonKind.ObjectId;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return BsonKind.Number;
    case 'Binary':
      return BsonKind.Binary;
    case 'Timestamp':
      return BsonKind.Timestamp;
    case 'BSONRegExp':
      return BsonKind.RegExp;
    case 'MinKey':
      return BsonKind.MinKey;
    case 'MaxKey':
      return BsonKind.MaxKey;
    case 'BSONSymbol':
      return BsonKind.String;
    default:
      return BsonKind.Other;
  }
}

/** Position of a value's type in mongod's canonical order (missing and null share a rank). */
export function typeRank(v: unknown): number {
  return RANK[bsonTypeOf(v)];
}

/** Numeric value of a number-like BSON value (Decimal128 precision is reduced to a double). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number(String(v));
}

export function deepCopy<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = deepCopy(v[i] as unknown);
    return out as T;
  }
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (!isPlainObject(v)) return v; // bson class instances are never mutated in place
  const out: Doc = {};
  for (const k of Object.keys(v)) out[k] = deepCopy(v[k]);
  return out as T;
}

function cmp(a: number | string | bigint, b: number | string | bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An order on strings: binary by default, a collation's otherwise. */
export type StringOrder = (a: string, b: string) => number;

const binary: StringOrder = cmp;

/** Orders two BSON values like mongod (type rank first, then value; strings by `strings`). */
export function compareValues(a: unknown, b: unknown, strings: StringOrder = binary): number {
  // fast paths for the common index key types (same results as the general code below)
  if (typeof a === 'string' && typeof b === 'string') return strings(a, b);
  if (a instanceof Date && b instanceof Date) return cmp(a.getTime(), b.getTime());
  if (typeof a === 'number' && typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) return cmp(a, b);
  const ta = bsonTypeOf(a);
  const tb = bsonTypeOf(b);
  if (ta !== tb) return RANK[ta] - RANK[tb];
  switch (ta) {
    case BsonKind.Null:
    case BsonKind.MinKey:
    case BsonKind.MaxKey:
      return 0;
    case BsonKind.Number: {
      if (bsonTagOf(a as object) === 'Long' && bsonTagOf(b as object) === 'Long') return (a as { compare(o: unknown): number }).compare(b);
      const x = toNumber(a);
      const y = toNumber(b);
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
      if (Number.isNaN(y)) return 1;
      return cmp(x, y);
    }
    case BsonKind.String:
      return strings(String(a), String(b));
    case BsonKind.Boolean:
      return cmp(Number(a), Number(b));
    case BsonKind.Date:
      return cmp((a as Date).getTime(), (b as Date).getTime());
    case BsonKind.ObjectId:
      return cmp(String(a), String(b));
    case BsonKind.Timestamp: {
      const x = a as { t: number; i: number };
      const y = b as { t: number; i: number };
      return cmp(x.t, y.t) || cmp(x.i, y.i);
    }
    case BsonKind.RegExp: {
      const x = a as { source: string; flags?: string; pattern?: string; options?: string };
      const y = b as { source: string; flags?: string; pattern?: string; options?: string };
      return cmp(x.source ?? x.pattern ?? '', y.source ?? y.pattern ?? '') || cmp(x.flags ?? x.options ?? '', y.flags ?? y.options ?? '');
    }
    case BsonKind.Binary: {
      const x = a as { buffer: Uint8Array; sub_type: number };
      const y = b as { buffer: Uint8Array; sub_type: number };
      const d = x.buffer.length - y.buffer.length || x.sub_type - y.sub_type;
      if (d !== 0) return d;
      for (let i = 0; i < x.buffer.length; i++) {
        const e = (x.buffer[i] ?? 0) - (y.buffer[i] ?? 0);
        if (e !== 0) return e;
      }
      return 0;
    }
    case BsonKind.Array: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const d = compareValues(x[i], y[i], strings);
        if (d !== 0) return d;
      }
      return x.length - y.length;
    }
    case BsonKind.Object: {
      const x = a as Doc;
      const y = b as Doc;
      const kx = Object.keys(x);
      const ky = Object.keys(y);
      const n = Math.min(kx.length, ky.length);
      for (let i = 0; i < n; i++) {
        const fx = kx[i];
        const fy = ky[i];
        const d = RANK[bsonTypeOf(x[fx])] - RANK[bsonTypeOf(y[fy])] || cmp(fx, fy) || compareValues(x[fx], y[fy], strings);
        if (d !== 0) return d;
      }
      return kx.length - ky.length;
    }
    default:
      return cmp(String(a), String(b));
  }
}

/** String form of a value; bson class instances use their own toString (e.g. ObjectId → hex). */
export function textOf(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
    case 'bigint':
      return v.toString();
    case 'symbol':
      return v.description ?? '';
    case 'undefined':
      return 'undefined';
    default:
      return v === null ? 'null' : (v as { toString(): string }).toString();
  }
}
