/** Argument readers for command bodies: type-check fields and fail like mongod (codes 2/14/73). */
import type { Doc } from '../storage/doc.types';
import { ErrorCode, fail } from '../util/command.error';
import { bsonTypeName } from '../util/bson-type-name.util';
import { isPlainObject, toNumber, bsonTypeOf, BsonKind } from '../util/bson-value.util';

export function collectionArg(ctx: { name: string; db: string; body: Doc }): string {
  const v = ctx.body[ctx.name];
  if (typeof v !== 'string') {
    fail(ErrorCode.InvalidNamespace, `collection name has invalid type ${bsonTypeName(v)}`);
  }
  if (v === '') fail(ErrorCode.InvalidNamespace, `Invalid namespace specified '${ctx.db}.'`);
  return v;
}

export function optionalDoc(body: Doc, field: string): Doc | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) fail(ErrorCode.TypeMismatch, `BSON field '${field}' is the wrong type '${bsonTypeName(v)}', expected type 'object'`);
  return v;
}

export function optionalArray(body: Doc, field: string): unknown[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) fail(ErrorCode.TypeMismatch, `BSON field '${field}' is the wrong type '${bsonTypeName(v)}', expected type 'array'`);
  return v;
}

export function requiredArray(body: Doc, field: string, cmd: string): unknown[] {
  const v = optionalArray(body, field);
  if (v === undefined) fail(40414, `BSON field '${cmd}.${field}' is missing but a required field`);
  return v;
}

export function optionalNumber(body: Doc, field: string): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (bsonTypeOf(v) !== BsonKind.Number) {
    fail(ErrorCode.TypeMismatch, `BSON field '${field}' is the wrong type '${bsonTypeName(v)}', expected types '[long, int, decimal, double]'`);
  }
  return toNumber(v);
}

export function nonNegative(body: Doc, field: string): number | undefined {
  const n = optionalNumber(body, field);
  if (n !== undefined && n < 0) fail(ErrorCode.BadValue, `${field} value must be non-negative, but received: ${n}`);
  return n;
}

export function flag(body: Doc, field: string, dflt = false): boolean {
  const v = body[field];
  if (v === undefined || v === null) return dflt;
  return Boolean(typeof v === 'object' ? true : v);
}
