/**
 * Checks mongod performs on an operator update before applying it, so that a refused update
 * changes nothing: path conflicts (40), unused/missing arrayFilters identifiers (9/2),
 * non-numeric $inc/$mul (14), array operators on non-arrays (2/14), non-viable paths (28).
 */
import type { Doc } from '../storage/doc.types';
import { ErrorCode, fail } from '../util/command.error';
import { formatDoc, formatValue } from '../util/bson-format.util';
import { BsonKind, bsonTypeOf, isPlainObject } from '../util/bson-value.util';
import { bsonTypeName } from '../util/bson-type-name.util';

const isPositional = (path: string): boolean => path.includes('$');
const isNumberLike = (v: unknown): boolean => bsonTypeOf(v) === BsonKind.Number;

type Resolved = { readonly state: 'found'; readonly value: unknown } | { readonly state: 'missing' } | { readonly state: 'skip' };

/** Resolves a non-positional path; throws 28 when a scalar blocks the path. */
function resolveForWrite(doc: Doc, path: string): Resolved {
  const parts = path.split('.');
  let cur: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(part)) return { state: 'skip' };
      cur = cur[Number(part)];
    } else if (isPlainObject(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, part)) return { state: 'missing' };
      cur = cur[part];
    } else {
      const last = parts[i - 1];
      fail(ErrorCode.PathNotViable, `Cannot create field '${part}' in element {${last}: ${formatValue(cur)}}`);
    }
    if (i < parts.length - 1 && (cur === undefined)) return { state: 'missing' };
  }
  return cur === undefined ? { state: 'missing' } : { state: 'found', value: cur };
}

/** mongod refuses two updates of the same path or of a path and its prefix (code 40). */
function checkPathConflicts(modifier: Doc): void {
  const paths: string[] = [];
  for (const [op, arg] of Object.entries(modifier)) {
    for (const [path, value] of Object.entries(arg as Doc)) {
      paths.push(path);
      if (op === '$rename' && typeof value === 'string') paths.push(value);
    }
  }
  if (paths.length < 2) return;
  paths.sort();
  for (let i = 1; i < paths.length; i++) {
    const prev = paths[i - 1];
    const cur = paths[i];
    if (cur === prev || cur.startsWith(`${prev}.`)) {
      fail(ErrorCode.ConflictingUpdateOperators, `Updating the path '${cur}' would create a conflict at '${prev}'`);
    }
  }
}

/** Every arrayFilters identifier must be used by some `$[<id>]` path (code 9). */
export function checkArrayFiltersUsed(spec: Doc, modifier: Doc, arrayFilters: Doc[] | undefined): void {
  if (!arrayFilters || arrayFilters.length === 0) return;
  const used = new Set<string>();
  for (const arg of Object.values(modifier)) {
    for (const path of Object.keys(arg as Doc)) for (const m of path.matchAll(/\$\[([^\]]+)\]/g)) used.add(m[1]);
  }
  for (const f of arrayFilters) {
    if (!isPlainObject(f)) fail(ErrorCode.TypeMismatch, 'Each array filter must be an object');
    const first = Object.keys(f)[0];
    const id = first === undefined ? '' : (first.split('.')[0]);
    if (!used.has(id)) fail(ErrorCode.FailedToParse, `The array filter for identifier '${id}' was not used in the update ${formatDoc(spec)}`);
  }
}

export function validateOperators(doc: Doc, modifier: Doc, arrayFilters: Doc[] | undefined): void {
  checkPathConflicts(modifier);
  const idDesc = (): string => `{_id: ${formatValue(doc['_id'])}}`;
  for (const [op, arg] of Object.entries(modifier)) {
    for (const [path, value] of Object.entries(arg as Doc)) {
      if (path === '') fail(ErrorCode.BadValue, `An empty update path is not valid.`);
      for (const m of path.matchAll(/\$\[([^\]]+)\]/g)) {
        const id = m[1];
        const has = (arrayFilters ?? []).some((f) => Object.keys(f).some((k) => k === id || k.startsWith(`${id}.`)));
        if (!has) fail(ErrorCode.BadValue, `No array filter found for identifier '${id}' in path '${path}'`);
      }
      if ((op === '$inc' || op === '$mul') && !isNumberLike(value)) {
        fail(ErrorCode.TypeMismatch, `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatValue(value)}}`);
      }
      if (isPositional(path)) {
        const at = path.indexOf('.$[');
        if (at > 0 && resolveForWrite(doc, path.slice(0, at)).state === 'missing') {
          fail(ErrorCode.BadValue, `The path '${path.slice(0, at)}' must exist in the document in order to apply array updates.`);
        }
        continue;
      }
      if (op === '$unset' || op === '$rename') continue;
      const found = resolveForWrite(doc, path);
      if (found.state !== 'found') continue;
      const cur = found.value;
      const field = path.split('.').pop() as string;
      switch (op) {
        case '$inc':
        case '$mul':
          if (!isNumberLike(cur)) {
            fail(
              ErrorCode.TypeMismatch,
              `Cannot apply ${op} to a value of non-numeric type. ${idDesc()} has the field '${field}' of non-numeric type ${bsonTypeName(cur)}`,
            );
          }
          break;
        case '$push':
          if (!Array.isArray(cur)) {
            fail(ErrorCode.BadValue, `The field '${path}' must be an array but is of type ${bsonTypeName(cur)} in document ${idDesc()}`);
          }
          break;
        case '$addToSet':
          if (!Array.isArray(cur)) {
            fail(ErrorCode.BadValue, `Cannot apply $addToSet to non-array field. Field named '${field}' has non-array type ${bsonTypeName(cur)}`);
          }
          break;
        case '$pull':
        case '$pullAll':
          if (!Array.isArray(cur)) fail(ErrorCode.BadValue, `Cannot apply ${op} to a non-array value`);
          break;
        case '$pop':
          if (!Array.isArray(cur)) fail(ErrorCode.TypeMismatch, `Path '${path}' contains an element of non-array type '${bsonTypeName(cur)}'`);
          break;
        default:
          break;
      }
    }
  }
}
