/**
 * Find-style projection: delegates to mingo, then restores mongod's field order
 * (projected fields appear in document order, not projection order; computed fields last).
 */
import type { Doc } from '../storage/doc.types';
import { isPlainObject } from '../util/bson-value.util';
import { projectDocs } from './mingo.adapter';

export function isEmptyProjection(projection: unknown): boolean {
  return projection === undefined || projection === null || (isPlainObject(projection) && Object.keys(projection).length === 0);
}

export function applyProjection(docs: Doc[], projection: unknown, filter: Doc | undefined): Doc[] {
  if (isEmptyProjection(projection) || docs.length === 0) return docs;
  const projected = projectDocs(docs, projection as Doc, filter);
  return projected.map((p, i) => reorderLike(docs[i], p));
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
