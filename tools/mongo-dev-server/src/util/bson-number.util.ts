/**
 * Numeric type fidelity. Stored documents keep every number's BSON type:
 *  - int32 → JS number (integral, in int32 range);
 *  - double → JS number when that serialises back as a double (non-integral, or outside the
 *    int32 range), otherwise a `Double` (e.g. `2.0`, `-0.0`);
 *  - int64 → `Long`; decimal128 → `Decimal128`.
 * So wrappers only appear where a JS number would change type on the way back, and a
 * document from a JS client (int32s and fractional doubles) holds none.
 *
 * mingo only does arithmetic and comparison on JS numbers: documents holding wrappers are
 * marked (`noteWrapped`, on every write) and queries test their `numericView` (wrappers as JS
 * numbers; an int64 beyond 2^53 or a decimal128 compares at double precision).
 * `addNumbers`/`mulNumbers` follow mongod's `$inc`/`$mul` type rules: int32 op int32 → int32,
 * promoted to int64 on overflow; int64 → int64 (overflow: 2 BadValue); any double → double.
 */
import { Double, Long } from 'bson';
import type { Doc } from '../storage/doc.types';
import { bsonTagOf, isPlainObject } from './bson-value.util';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX && !Object.is(n, -0);
}

/** The stored form of a double: a JS number unless that would serialise as int32. */
export function storedDouble(n: number): number | Double {
  return isInt32(n) || Object.is(n, -0) ? new Double(n) : n;
}

function isWrapper(v: object): boolean {
  const tag = bsonTagOf(v);
  return tag === 'Long' || tag === 'Double' || tag === 'Decimal128' || tag === 'Int32';
}

/** Whether a value holds a wrapped number anywhere. */
export function containsWrapped(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) {
    for (const e of v) if (containsWrapped(e)) return true;
    return false;
  }
  if (isPlainObject(v)) {
    for (const k in v) if (containsWrapped(v[k])) return true;
    return false;
  }
  return isWrapper(v);
}

const WRAPPED = new WeakSet<Doc>();

/** Records whether a document about to be stored holds wrapped numbers. */
export function noteWrapped(doc: Doc): void {
  if (containsWrapped(doc)) WRAPPED.add(doc);
}

export function hasWrapped(doc: Doc): boolean {
  return WRAPPED.has(doc);
}

/** Wrapped numbers as JS numbers (a copy; values without wrappers are shared). */
export function numericView<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((e: unknown) => numericView(e)) as T;
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = numericView(v[k]);
    return out as T;
  }
  return (isWrapper(v) ? Number(String(v)) : v) as T;
}

/** The stored form of a decoded value tree (wire decode with promoteValues: false). */
export function fromWire(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = fromWire(v[i]);
    return v;
  }
  if (isPlainObject(v)) {
    for (const k of Object.keys(v)) v[k] = fromWire(v[k]);
    return v;
  }
  switch (bsonTagOf(v)) {
    case 'Int32':
      return (v as { value: number }).value;
    case 'Double':
      return storedDouble((v as { value: number }).value);
    case 'BSONSymbol':
      return (v as { valueOf(): string }).valueOf();
    default:
      return v;
  }
}

export const NumKind = { Int: 'int', Long: 'long', Double: 'double', Decimal: 'decimal' } as const;
export type NumKindValue = (typeof NumKind)[keyof typeof NumKind];

export function numKind(v: unknown): NumKindValue | undefined {
  if (typeof v === 'number') return isInt32(v) ? NumKind.Int : NumKind.Double;
  if (v === null || typeof v !== 'object') return undefined;
  switch (bsonTagOf(v)) {
    case 'Long':
      return NumKind.Long;
    case 'Double':
      return NumKind.Double;
    case 'Int32':
      return NumKind.Int;
    case 'Decimal128':
      return NumKind.Decimal;
    default:
      return undefined;
  }
}

function toLong(v: unknown): Long {
  if (typeof v === 'number') return Long.fromNumber(v);
  if (bsonTagOf(v as object) === 'Long') return v as Long;
  return Long.fromNumber(Number(String(v)));
}

const LONG_MIN = Long.MIN_VALUE;

/** Result of `$inc`/`$mul`, or undefined when it overflows int64 (mongod: 2 BadValue). */
function arith(a: unknown, b: unknown, op: 'add' | 'mul'): unknown {
  const ka = numKind(a);
  const kb = numKind(b);
  if (ka === NumKind.Double || kb === NumKind.Double) {
    const x = Number(String(a));
    const y = Number(String(b));
    return storedDouble(op === 'add' ? x + y : x * y);
  }
  if (ka === NumKind.Int && kb === NumKind.Int) {
    const r = op === 'add' ? (a as number) + (b as number) : (a as number) * (b as number);
    if (r === 0) return 0;
    if (isInt32(r)) return r;
    if (Number.isSafeInteger(r)) return Long.fromNumber(r);
    return Long.fromNumber(a as number).multiply(Long.fromNumber(b as number));
  }
  // at least one int64, none double (decimal128 is refused by the caller)
  const x = toLong(a);
  const y = toLong(b);
  if (op === 'add') {
    const r = x.add(y);
    const overflow = (x.isNegative() === y.isNegative()) && r.isNegative() !== x.isNegative();
    return overflow ? undefined : r;
  }
  if (x.isZero() || y.isZero()) return Long.ZERO;
  const r = x.multiply(y);
  const overflow = !r.divide(y).equals(x) || (x.equals(LONG_MIN) && y.equals(Long.NEG_ONE)) || (y.equals(LONG_MIN) && x.equals(Long.NEG_ONE));
  return overflow ? undefined : r;
}

export function addNumbers(a: unknown, b: unknown): unknown {
  return arith(a, b, 'add');
}

export function mulNumbers(a: unknown, b: unknown): unknown {
  return arith(a, b, 'mul');
}
