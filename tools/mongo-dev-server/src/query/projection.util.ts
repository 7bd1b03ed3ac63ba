/**
 * Find-style projection: delegates to mingo, then restores mongod's field order
 * (projected fields appear in document order, not projection order; computed fields last).
 * The common shapes are done here without mingo, by choosing keys (stored documents are never
 * changed in place, so the values are shared as a find without projection shares them):
 * top-level fields all included or all excluded, `_id` either way, and inclusions of dotted
 * paths through embedded documents (a stock read's `holds.<orderId>`). A document where such a
 * path meets anything but an embedded document goes to mingo, as does every other projection.
 */
import type { Doc } from '../storage/doc.types';
import { isPlainObject } from '../util/bson-value.util';
import { isFieldName } from './field-name.util';
import { projectDocs } from './mingo.adapter';

/** Included fields by name: `true` for the whole value, or the fields included inside it. */
type Inclusion = Map<string, true | Inclusion>;

export function isEmptyProjection(projection: unknown): boolean {
  return projection === undefined || projection === null || (isPlainObject(projection) && Object.keys(projection).length === 0);
}

export function applyProjection(docs: Doc[], projection: unknown, filter: Doc | undefined): Doc[] {
  if (isEmptyProjection(projection) || docs.length === 0) return docs;
  const simple = simpleProjection(projection as Doc);
  if (simple === undefined) return projectWithMingo(docs, projection as Doc, filter);
  return docs.map((doc) => simple(doc) ?? (projectWithMingo([doc], projection as Doc, filter)[0]));
}

/** What every projection the key chooser does not take gets: mingo, then mongod's field order. */
export function projectWithMingo(docs: Doc[], projection: Doc, filter: Doc | undefined): Doc[] {
  const projected = projectDocs(docs, projection, filter);
  return projected.map((p, i) => reorderLike(docs[i], p));
}

/** Adds `names` to the inclusion tree; false on a path collision (`a` and `a.b`), which mingo reports. */
function include(tree: Inclusion, names: readonly string[]): boolean {
  let node = tree;
  for (let i = 0; i < names.length - 1; i++) {
    const name = names[i];
    const next = node.get(name);
    if (next === true) return false;
    if (next === undefined) {
      const created: Inclusion = new Map();
      node.set(name, created);
      node = created;
    } else node = next;
  }
  const last = names[names.length - 1];
  if (node.has(last)) return false;
  node.set(last, true);
  return true;
}

/**
 * The included fields of `doc` in its own order (and `_id` when `idShown`: the top level);
 * undefined when a dotted path meets anything but an embedded document.
 */
function pick(doc: Doc, tree: Inclusion, idShown = false): Doc | undefined {
  const out: Doc = {};
  for (const key of Object.keys(doc)) {
    const value = doc[key];
    const node = idShown && key === '_id' ? true : tree.get(key);
    if (node === undefined) continue;
    if (node === true) out[key] = value;
    else if (isPlainObject(value)) {
      const inner = pick(value, node);
      if (inner === undefined) return undefined;
      out[key] = inner;
    } else return undefined;
  }
  return out;
}

/**
 * The projection as a key chooser, when it names fields with 1/true or 0/false only, not mixed,
 * dotted paths only when included; otherwise undefined. The chooser answers undefined for a
 * document it cannot project (see `pick`).
 */
function simpleProjection(projection: Doc): ((doc: Doc) => Doc | undefined) | undefined {
  let including: boolean | undefined;
  let idShown = true;
  const tree: Inclusion = new Map();
  for (const key of Object.keys(projection)) {
    const value = projection[key];
    const flag = value === 1 || value === true ? true : value === 0 || value === false ? false : undefined;
    if (flag === undefined || key.includes('$')) return undefined;
    if (key === '_id') {
      idShown = flag;
      continue;
    }
    const names = key.split('.');
    if (!names.every(isFieldName) || (names.length > 1 && !flag)) return undefined;
    // Mixed inclusion and exclusion: mingo answers with the error mongod gives.
    if (including !== undefined && including !== flag) return undefined;
    including = flag;
    if (names[0] === '_id' || !include(tree, names)) return undefined;
  }
  // `{_id: 1}` alone shows only `_id`; `{_id: 0}` alone hides only `_id`.
  if (including === undefined) return (doc) => choose(doc, (key) => (key === '_id') === idShown);
  if (!including) return (doc) => choose(doc, (key) => (key === '_id' ? idShown : !tree.has(key)));
  return (doc) => pick(doc, tree, idShown);
}

function choose(doc: Doc, shown: (key: string) => boolean): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) if (shown(key)) out[key] = doc[key];
  return out;
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
