/**
 * Type-keeping `$inc`, `$mul`, `$min`, `$max` (see `util/bson-number.util.ts`): for each
 * plain path the new value is computed here with mongod's type rules (int32 overflow → int64,
 * int64 overflow → 2 BadValue, any double → double; `$min`/`$max` compare in BSON order and
 * keep the stored value, with its type, when it already wins) and handed to mingo as a `$set`.
 * Positional paths (`$`, `$[]`, `$[id]`) stay with mingo on JS numbers; an int32 that they
 * overflow is promoted to int64 afterwards (`promoteOverflows`). What mingo would get wrong is
 * refused (238): Decimal128 arithmetic, positional arithmetic on int64/decimal/int-looking
 * doubles, and comparing operators (`$addToSet`, `$pull`, `$pullAll`, `$bit`, `$push` with
 * `$sort`) over such values.
 */
import { Double, Long } from 'bson';
import type { Doc } from '../storage/doc.types';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { formatValue } from '../util/bson-format.util';
import { compareValues, isPlainObject } from '../util/bson-value.util';
import { NumKind, addNumbers, containsWrapped, isInt32, mulNumbers, numKind } from '../util/bson-number.util';

const ARITHMETIC = new Set(['$inc', '$mul', '$min', '$max']);
const COMPARING = new Set(['$addToSet', '$pull', '$pullAll', '$bit']);

function valueAt(doc: Doc, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(cur)) cur = /^\d+$/.test(part) ? cur[Number(part)] : undefined;
    else if (isPlainObject(cur)) cur = cur[part];
    else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

function zeroLike(v: unknown): unknown {
  switch (numKind(v)) {
    case NumKind.Long:
      return Long.ZERO;
    case NumKind.Double:
      return new Double(0);
    default:
      return 0;
  }
}

function describe(v: unknown): string {
  const kind = numKind(v);
  const label = kind === NumKind.Long ? 'NumberLong' : kind === NumKind.Int ? 'NumberInt' : kind === NumKind.Decimal ? 'NumberDecimal' : 'NumberDouble';
  return `(${label})${String(v)}`;
}

/**
 * Rewrites the typed operators of `modifier` (in place) into `$set` entries computed against
 * `doc`. Returns whether positional `$inc`/`$mul` remain for mingo (then call `promoteOverflows`).
 */
export function typeArithmetic(doc: Doc, modifier: Doc, docWrapped: boolean): boolean {
  let positionalArithmetic = false;
  const sets: Doc = {};
  for (const op of Object.keys(modifier)) {
    const arg = modifier[op] as Doc;
    if (op === '$push') {
      for (const v of Object.values(arg)) {
        if (isPlainObject(v) && v['$sort'] !== undefined && (docWrapped || containsWrapped(v))) notImplemented('update', '$push with $sort over int64/decimal128/int-looking double values');
      }
      continue;
    }
    if (COMPARING.has(op)) {
      for (const [path, v] of Object.entries(arg)) {
        const target = containsWrapped(valueAt(doc, path.includes('$') ? path.slice(0, path.indexOf('.$')) : path));
        if (target || containsWrapped(v)) notImplemented('update', `${op} over int64/decimal128/int-looking double values`);
      }
      continue;
    }
    if (!ARITHMETIC.has(op)) continue;
    const rest: Doc = {};
    for (const [path, v] of Object.entries(arg)) {
      if (path.includes('$')) {
        if (containsWrapped(valueAt(doc, path.slice(0, path.indexOf('.$')))) || containsWrapped(v)) notImplemented('update', `positional ${op} on int64/decimal128/int-looking double values`);
        rest[path] = v;
        if (op === '$inc' || op === '$mul') positionalArithmetic = true;
        continue;
      }
      const cur = valueAt(doc, path);
      if (op === '$min' || op === '$max') {
        if (cur !== undefined) {
          const c = compareValues(v, cur);
          if (op === '$min' ? c >= 0 : c <= 0) continue; // the stored value wins: unchanged
        }
        sets[path] = v;
        continue;
      }
      if (numKind(v) === NumKind.Decimal || numKind(cur) === NumKind.Decimal) notImplemented('update', `${op} on decimal128 values`);
      if (cur === undefined) {
        sets[path] = op === '$inc' ? v : zeroLike(v);
        continue;
      }
      const next = op === '$inc' ? addNumbers(cur, v) : mulNumbers(cur, v);
      if (next === undefined) fail(ErrorCode.BadValue, `Failed to apply ${op} operations to current value (${describe(cur)}) for document {_id: ${formatValue(doc['_id'])}}`);
      sets[path] = next;
    }
    if (Object.keys(rest).length > 0) modifier[op] = rest;
    else delete modifier[op];
  }
  if (Object.keys(sets).length > 0) modifier['$set'] = { ...((modifier['$set']) ?? {}), ...sets };
  return positionalArithmetic;
}

/** After positional `$inc`/`$mul` by mingo: an int32 that left the int32 range becomes an int64. */
export function promoteOverflows(before: unknown, after: unknown): unknown {
  if (typeof after === 'number') {
    return Number.isInteger(after) && !isInt32(after) && (before === undefined || (typeof before === 'number' && isInt32(before)))
      ? Long.fromNumber(after)
      : after;
  }
  if (Array.isArray(after)) {
    const b = Array.isArray(before) ? before : [];
    for (let i = 0; i < after.length; i++) after[i] = promoteOverflows(b[i], after[i]);
    return after;
  }
  if (isPlainObject(after)) {
    const b = isPlainObject(before) ? before : {};
    for (const k of Object.keys(after)) after[k] = promoteOverflows(b[k], after[k]);
  }
  return after;
}
