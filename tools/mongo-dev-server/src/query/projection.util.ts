/**
 * Find-style projection: delegates to mingo, then restores mongod's field order
 * (projected fields appear in document order, not projection order; computed fields last).
 * The common shape — top-level fields only, all included or all excluded, `_id` either way — is
 * done here without mingo, by choosing keys (stored documents are never changed in place, so the
 * values are shared as a find without projection shares them).
 */
import type { Doc } from '../storage/doc.types';
import { isPlainObject } from '../util/bson-value.util';
import { projectDocs } from './mingo.adapter';

export function isEmptyProjection(projection: unknown): boolean {
  return projection === undefined || projection === null || (isPlainObject(projection) && Object.keys(projection).length === 0);
}

export function applyProjection(docs: Doc[], projection: unknown, filter: Doc | undefined): Doc[] {
  if (isEmptyProjection(projection) || docs.length === 0) return docs;
  const simple = simpleProjection(projection as Doc);
  if (simple !== undefined) return docs.map(simple);
  const projected = projectDocs(docs, projection as Doc, filter);
  return projected.map((p, i) => reorderLike(docs[i], p));
}

/** The projection as a key chooser, when it names top-level fields with 1/true or 0/false only, not mixed; otherwise undefined. */
function simpleProjection(projection: Doc): ((doc: Doc) => Doc) | undefined {
  let include: boolean | undefined;
  let idShown = true;
  const fields = new Set<string>();
  for (const key of Object.keys(projection)) {
    const value = projection[key];
    const flag = value === 1 || value === true ? true : value === 0 || value === false ? false : undefined;
    if (flag === undefined || key.includes('.') || key.startsWith('$')) return undefined;
    if (key === '_id') {
      idShown = flag;
      continue;
    }
    // Mixed inclusion and exclusion: mingo answers with the error mongod gives.
    if (include !== undefined && include !== flag) return undefined;
    include = flag;
    fields.add(key);
  }
  // `{_id: 1}` alone shows only `_id`; `{_id: 0}` alone hides only `_id`.
  const including = include ?? idShown;
  return (doc) => {
    const out: Doc = {};
    for (const key of Object.keys(doc)) {
      const shown = key === '_id' ? idShown : fields.has(key) === including;
      if (shown) out[key] = doc[key];
    }
    return out;
  };
}

function reorderLike(original: Doc, projected: Doc): Doc {
  const out: Doc = {};
  for (const k of Object.keys(original)) {
    if (!Object.prototype.hasOwnProperty.call(projected, k)) continue;
    out[k] = reorderValue(original[k], projected[k]);
  }
  for (const k of Object.keys(projected)) if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = projected[k];
  return out;
}

function reorderValue(original: unknown, projected: unknown): unknown {
  if (isPlainObject(original) && isPlainObject(projected)) return reorderLike(original, projected);
  if (Array.isArray(original) && Array.isArray(projected) && original.length === projected.length) {
    return projected.map((p: unknown, i) => reorderValue(original[i], p));
  }
  return projected;
}
