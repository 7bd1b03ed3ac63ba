/**
 * Sorting like mongod: per sort field, arrays contribute their smallest element for
 * ascending and largest for descending order; missing sorts as null; ties keep the input
 * order (stable sort: natural order for a collection scan). `{$natural: ±1}` sorts by
 * natural order. `sortInGroups` finishes a stream already ordered by the leading sort
 * fields (an index walk): it only sorts runs of documents tied on those fields, so it
 * yields in order without reading the whole input.
 */
import type { Doc } from '../storage/doc.types';
import { valuesAtPath } from '../storage/index-key.util';
import { compareValues, isPlainObject } from '../util/bson-value.util';
import type { StringOrder } from '../util/bson-value.util';
import { ErrorCode, fail } from '../util/command.error';

export interface SortField {
  /** Dotted field name as written in the sort document. */
  readonly field: string;
  readonly path: readonly string[];
  readonly dir: 1 | -1;
}

/** True when the sort document asks for natural order (`{$natural: ±1}`). */
export function isNaturalSort(sort: unknown): boolean {
  return isPlainObject(sort) && Object.prototype.hasOwnProperty.call(sort, '$natural');
}

export function parseSort(sort: unknown): SortField[] | 'natural-reverse' | undefined {
  if (sort === undefined || sort === null) return undefined;
  if (!isPlainObject(sort)) fail(ErrorCode.TypeMismatch, 'Expected field sort to be of type object');
  const keys = Object.keys(sort);
  if (keys.length === 0) return undefined;
  if (keys.length === 1 && keys[0] === '$natural') return Number(sort['$natural']) < 0 ? 'natural-reverse' : undefined;
  return keys.map((k) => {
    const d = sort[k];
    if (typeof d !== 'number' || (d !== 1 && d !== -1)) {
      if (isPlainObject(d) && d['$meta'] !== undefined) fail(ErrorCode.BadValue, `$meta sort is not supported by the dev server`);
      fail(ErrorCode.BadValue, `$sort key ordering must be 1 (for ascending) or -1 (for descending)`);
    }
    return { field: k, path: k.split('.'), dir: d };
  });
}

function sortKey(doc: Doc, f: SortField, strings?: StringOrder): unknown {
  const vals = valuesAtPath(doc, f.path);
  let best: unknown = vals[0];
  for (let i = 1; i < vals.length; i++) {
    const c = compareValues(vals[i], best, strings);
    if ((f.dir === 1 && c < 0) || (f.dir === -1 && c > 0)) best = vals[i];
  }
  return best;
}

/** Returns a new sorted array (input untouched). */
export function sortDocs(docs: Doc[], sort: unknown): Doc[] {
  const spec = parseSort(sort);
  if (spec === undefined) return docs;
  if (spec === 'natural-reverse') return docs.slice().reverse();
  return sortBy(docs, spec);
}

/** Stable sort by parsed sort fields (new array); strings in `strings` order (a collation's) when given. */
export function sortBy(docs: Doc[], spec: readonly SortField[], strings?: StringOrder): Doc[] {
  if (docs.length < 2) return docs;
  const keyed = docs.map((doc, i) => ({ doc, i, keys: spec.map((f) => sortKey(doc, f, strings)) }));
  keyed.sort((a, b) => {
    for (let j = 0; j < spec.length; j++) {
      const c = compareValues(a.keys[j], b.keys[j], strings);
      if (c !== 0) return c * (spec[j]).dir;
    }
    return a.i - b.i;
  });
  return keyed.map((k) => k.doc);
}

/**
 * Sorts a stream that is already ordered by the first `sorted` sort fields: buffers each run
 * of documents tied on those fields and yields it sorted by the full spec.
 */
export function* sortInGroups(docs: Iterable<Doc>, spec: readonly SortField[], sorted: number): Generator<Doc, void, undefined> {
  const lead = spec.slice(0, sorted);
  let group: Doc[] = [];
  let groupKeys: unknown[] = [];
  for (const doc of docs) {
    const keys = lead.map((f) => sortKey(doc, f));
    if (group.length > 0 && keys.some((k, j) => compareValues(k, groupKeys[j]) !== 0)) {
      yield* sortBy(group, spec);
      group = [];
    }
    if (group.length === 0) groupKeys = keys;
    group.push(doc);
  }
  yield* sortBy(group, spec);
}
