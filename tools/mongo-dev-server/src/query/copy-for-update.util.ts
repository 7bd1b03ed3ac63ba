/**
 * The copy of a stored document that an operator update may change in place. Stored documents
 * are never changed in place (`storage/doc.types.ts`), so the new version may share every part
 * the update does not touch: only the containers on the way to each updated path are copied,
 * and the array itself where an array operator changes it in place. An order that carries a
 * long history then costs the same to update as a short one.
 */
import type { Doc } from '../storage/doc.types';
import { isPlainObject } from '../util/bson-value.util';

/** Operators that change the array at their path in place; the others set, replace or remove the value there. */
const IN_PLACE_ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);
const ARRAY_INDEX = /^\d+$/;

/**
 * `doc` with the parts that `modifier` (operator → { path: value }) writes to copied; undefined
 * when a path cannot be followed that way (a positional `$`, `$[]`, `$[id]`, or a field name
 * inside an array): then the caller copies the whole document.
 */
export function copyForUpdate(doc: Doc, modifier: Doc): Doc | undefined {
  const root: Doc = { ...doc };
  const copied = new Set<unknown>([root]);
  for (const [op, arg] of Object.entries(modifier)) {
    for (const [path, value] of Object.entries(arg as Doc)) {
      if (path.includes('$')) return undefined;
      if (!copyPath(root, path.split('.'), IN_PLACE_ARRAY_OPERATORS.has(op), copied)) return undefined;
      if (op === '$rename' && (typeof value !== 'string' || !copyPath(root, value.split('.'), false, copied))) return undefined;
    }
  }
  return root;
}

/** Copies each container from `root` down to the parent of the path's last name (and the value there when `withValue`). */
function copyPath(root: Doc, names: string[], withValue: boolean, copied: Set<unknown>): boolean {
  let parent: Doc | unknown[] = root;
  const depth = withValue ? names.length : names.length - 1;
  for (let i = 0; i < depth; i++) {
    const name = names[i];
    if (Array.isArray(parent) && !ARRAY_INDEX.test(name)) return false;
    const key: string | number = Array.isArray(parent) ? Number(name) : name;
    const child: unknown = (parent as Record<string | number, unknown>)[key];
    let next: Doc | unknown[];
    if (copied.has(child)) next = child as Doc | unknown[];
    else if (Array.isArray(child)) next = child.slice();
    else if (isPlainObject(child)) next = { ...child };
    else return true; // missing or a scalar: the update creates or replaces what lies below
    copied.add(next);
    (parent as Record<string | number, unknown>)[key] = next;
    parent = next;
  }
  return withValue || !(Array.isArray(parent) && !ARRAY_INDEX.test(names[names.length - 1]));
}
