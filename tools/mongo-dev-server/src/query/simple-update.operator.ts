/**
 * `$set`, `$unset` and a plain `$push` on a path of field names through plain documents, applied
 * directly instead of through mingo's update operators (their per-call path parsing, graph walk
 * and option objects were about 10 % of the server's CPU under the saga's load), with the result
 * mingo gives: `$set` leaves an equal value alone and otherwise stores a copy as mingo's "copy"
 * mode makes it (a new Date, a shallow copy of an array or a document), creating the documents
 * missing on the way (a `null` on the way becomes one too); `$unset` deletes a field that is
 * there; `$push` appends the value itself, or creates the array.
 *
 * Returns whether the operator changed the document, or `undefined` — before changing anything —
 * for whatever it does not take: another operator, `$push` with `$each`/`$slice`/`$sort`/
 * `$position`, an empty, numeric or `$` name, `__proto__`, or a path that meets anything but a
 * plain document or nothing on the way (mingo then applies it). `equal` is mingo's value equality,
 * passed in by the adapter (the one place that talks to mingo).
 */
import type { Doc } from '../storage/doc.types';
import { isPlainObject } from '../util/bson-value.util';
import { isFieldName } from './field-name.util';

export type ValuesEqual = (a: unknown, b: unknown) => boolean;

const OPERATORS = new Set(['$set', '$unset', '$push']);
const PUSH_MODIFIERS = ['$each', '$slice', '$sort', '$position'];

/** mingo's "copy" clone mode. */
function copyOf(value: unknown): unknown {
  if (value instanceof Date) return new Date(value);
  if (Array.isArray(value)) return value.slice();
  if (isPlainObject(value)) return Object.assign({}, value);
  if (value instanceof RegExp) return new RegExp(value);
  return value;
}

function isNil(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** Whether every container on the way is a plain document, up to the first missing one (read as mingo reads, prototype included). */
function plainWay(doc: Doc, names: readonly string[]): boolean {
  let container: Doc = doc;
  for (let i = 0; i < names.length - 1; i++) {
    const next = container[names[i]];
    if (isNil(next)) return true;
    if (!isPlainObject(next)) return false;
    container = next;
  }
  return true;
}

export function applySimpleOperator(doc: Doc, op: string, path: string, value: unknown, equal: ValuesEqual): boolean | undefined {
  if (!OPERATORS.has(op)) return undefined;
  if (op === '$push' && isPlainObject(value) && PUSH_MODIFIERS.some((modifier) => Object.prototype.hasOwnProperty.call(value, modifier))) return undefined;
  const names = path.split('.');
  if (!names.every(isFieldName) || !plainWay(doc, names)) return undefined;

  let container: Doc = doc;
  for (let i = 0; i < names.length - 1; i++) {
    const name = names[i];
    let next = container[name];
    if (isNil(next)) {
      if (op === '$unset') return false;
      next = {};
      container[name] = next;
    }
    container = next as Doc;
  }
  const key = names[names.length - 1];
  if (op === '$set') {
    if (equal(container[key], value)) return false;
    container[key] = copyOf(value);
    return true;
  }
  if (op === '$unset') {
    if (!Object.prototype.hasOwnProperty.call(container, key)) return false;
    const previous = container[key];
    delete container[key];
    return !equal(previous, container[key]);
  }
  const array = container[key];
  if (Array.isArray(array)) {
    array.push(value);
    return true;
  }
  if (array !== undefined) return false;
  container[key] = [value];
  return true;
}
