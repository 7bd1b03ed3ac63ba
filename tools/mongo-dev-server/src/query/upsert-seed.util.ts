/**
 * Builds the document an upsert inserts when nothing matched, like mongod: equality
 * predicates of the filter (`field: value`, `field: {$eq: value}`, also inside a top-level
 * `$and`) become fields (dotted paths create embedded documents), then the update is
 * applied with `$setOnInsert` honoured, and `_id` is generated if still missing.
 */
import { ObjectId } from 'bson';
import type { Doc } from '../storage/doc.types';
import { ErrorCode, fail } from '../util/command.error';
import { deepCopy, isPlainObject } from '../util/bson-value.util';
import type { UpdateKindValue } from './update.engine';
import { UpdateKind, applyUpdate } from './update.engine';

function isOperatorObject(v: unknown): v is Doc {
  if (!isPlainObject(v)) return false;
  const first = Object.keys(v)[0];
  return first !== undefined && first.startsWith('$');
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    const next = cur[p];
    if (next === undefined) {
      const created: Doc = {};
      cur[p] = created;
      cur = created;
    } else if (isPlainObject(next)) {
      cur = next;
    } else {
      fail(ErrorCode.NotSingleValueField, `cannot infer query fields to set, path '${path}' is matched twice`);
    }
  }
  const last = parts[parts.length - 1];
  if (Object.prototype.hasOwnProperty.call(cur, last)) {
    fail(ErrorCode.NotSingleValueField, `cannot infer query fields to set, path '${path}' is matched twice`);
  }
  cur[last] = deepCopy(value);
}

/**
 * Equality fields of the filter as a document. Like mongod (whose equality set is an
 * ordered map), fields are added in path order; `_id` is moved first later.
 */
export function seedFromFilter(filter: Doc | undefined): Doc {
  const equalities: [string, unknown][] = [];
  const walk = (f: Doc): void => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isPlainObject(sub)) walk(sub);
      } else if (k === '$or' && Array.isArray(v) && v.length === 1 && isPlainObject(v[0])) {
        walk(v[0]); // a single-clause $or is collapsed into its clause
      } else if (k.startsWith('$')) {
        continue;
      } else if (isOperatorObject(v)) {
        if (Object.prototype.hasOwnProperty.call(v, '$eq') && !(v['$eq'] instanceof RegExp)) equalities.push([k, v['$eq']]);
      } else if (!(v instanceof RegExp)) {
        equalities.push([k, v]);
      }
    }
  };
  if (filter) walk(filter);
  equalities.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const seed: Doc = {};
  for (const [path, value] of equalities) setPath(seed, path, value);
  return seed;
}

export function ensureIdFirst(doc: Doc): Doc {
  const keys = Object.keys(doc);
  if (keys[0] === '_id') return doc;
  const out: Doc = { _id: Object.prototype.hasOwnProperty.call(doc, '_id') ? doc['_id'] : new ObjectId() };
  for (const k of keys) if (k !== '_id') out[k] = doc[k];
  return out;
}

/** The complete document an upsert inserts (with `_id` first). */
export function buildUpsertDocument(filter: Doc | undefined, update: Doc | Doc[], kind: UpdateKindValue, arrayFilters: Doc[] | undefined, variables?: Doc): Doc {
  const seed = seedFromFilter(filter);
  let doc: Doc;
  if (kind === UpdateKind.Replacement) {
    const replaced = applyUpdate({}, update, kind, { filter, arrayFilters, isUpsertInsert: true, variables }).doc;
    doc = Object.prototype.hasOwnProperty.call(seed, '_id') && !Object.prototype.hasOwnProperty.call(replaced, '_id')
      ? { _id: seed['_id'], ...replaced }
      : replaced;
  } else {
    doc = applyUpdate(seed, update, kind, { filter, arrayFilters, isUpsertInsert: true, variables }).doc;
  }
  return ensureIdFirst(doc);
}
