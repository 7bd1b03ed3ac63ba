/** Argument readers for command bodies: type-check fields and fail like mongod (codes 2/14/73). */
import type { Doc } from '../storage/doc.types';
import type { CollectionStore } from '../storage/collection.store';
import { keyOf } from '../storage/index-key.util';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { parseCollation } from '../query/collation.util';
import type { Collation } from '../query/collation.util';
import { evaluateExpressions } from '../query/mingo.adapter';
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

/** `collation`: undefined for the simple (binary) one; see `parseCollation` for what is implemented. */
export function collationArg(cmd: string, body: Doc, field = 'collation'): Collation | undefined {
  const c = optionalDoc(body, field);
  return c === undefined ? undefined : parseCollation(cmd, c, field);
}

/**
 * `hint`: an index name or key pattern that must exist (mongod: 2 BadValue otherwise), or
 * `{$natural: ±1}`. Hinting a sparse or partial index would restrict the result to the
 * index's entries, which the dev server does not do: refused (238).
 */
export function hintArg(cmd: string, body: Doc, coll: CollectionStore | undefined): unknown {
  const hint = body['hint'];
  if (hint === undefined || hint === null) return undefined;
  if (typeof hint !== 'string' && !isPlainObject(hint)) fail(ErrorCode.FailedToParse, 'hint must be a string or an object');
  if (isPlainObject(hint) && Object.keys(hint).length === 0) return undefined;
  if (isPlainObject(hint) && Object.prototype.hasOwnProperty.call(hint, '$natural')) return hint;
  if (!coll) return hint;
  const spec = coll.indexSpecs().find((s) => (typeof hint === 'string' ? s.name === hint : keyOf(s.key) === keyOf(hint)));
  // a hidden index cannot be hinted either (mongod: the same error)
  if (spec === undefined || spec.hidden === true) fail(ErrorCode.BadValue, 'error processing query: planner returned error :: caused by :: hint provided does not correspond to an existing index');
  if (spec.sparse || spec.partialFilterExpression !== undefined) notImplemented(cmd, `a hint naming the sparse or partial index '${spec.name}'`);
  return hint;
}

function refersToField(v: unknown): boolean {
  if (typeof v === 'string') return v.startsWith('$') && !v.startsWith('$$');
  if (Array.isArray(v)) return v.some(refersToField);
  if (isPlainObject(v)) return Object.keys(v).some((k) => k !== '$literal' && refersToField(v[k]));
  return false;
}

/** `let`: each value is an expression evaluated once, before any document is read (like mongod). */
export function letArg(body: Doc, field = 'let'): Doc | undefined {
  const raw = optionalDoc(body, field);
  if (raw === undefined) return undefined;
  for (const [name, v] of Object.entries(raw)) {
    if (!/^[a-z\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/.test(name)) {
      fail(ErrorCode.FailedToParse, `'${name}' starts with an invalid character for a user variable name`);
    }
    if (refersToField(v)) {
      fail(4890500, 'Command let Expression tried to access a field, but this is not allowed because command let expressions run before the query examines any documents.');
    }
  }
  return evaluateExpressions(raw);
}
