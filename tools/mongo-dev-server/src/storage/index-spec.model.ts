/**
 * Index specification model: validation of a `createIndexes` entry, the stored spec
 * reported by `listIndexes`, and the equivalence rules mongod uses to decide whether a
 * requested index already exists (same key + options → no-op) or conflicts (codes 85/86).
 */
import type { Doc } from './doc.types';
import { keyOf } from './index-key.util';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { formatDoc, formatValue } from '../util/bson-format.util';
import { isPlainObject } from '../util/bson-value.util';
import { parseCollation } from '../query/collation.util';
import type { Collation } from '../query/collation.util';

export const ID_INDEX_NAME = '_id_';

/** Options that make two indexes on the same key different (compared for conflicts). */
const COMPARED_OPTIONS = ['unique', 'sparse', 'expireAfterSeconds', 'partialFilterExpression', 'collation', 'hidden'] as const;
/** Options accepted and ignored (not stored). */
const IGNORED_OPTIONS = new Set(['background', 'v', 'ns']);

export interface IndexSpec {
  readonly name: string;
  readonly key: Doc;
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly expireAfterSeconds: number | undefined;
  readonly partialFilterExpression: Doc | undefined;
  /** A non-simple collation: its string comparisons decide key equality (uniqueness). */
  readonly collation: Collation | undefined;
  /** Set by collMod: the index rejects new duplicate keys (existing ones stay) before becoming unique. */
  readonly prepareUnique?: boolean;
  /** Set by collMod: maintained (and enforcing uniqueness, expiring documents) but never used by a plan nor hinted. */
  readonly hidden?: boolean;
  /** The document listIndexes returns. */
  readonly stored: Doc;
}

export function idIndexSpec(): IndexSpec {
  return {
    name: ID_INDEX_NAME,
    key: { _id: 1 },
    unique: true,
    sparse: false,
    expireAfterSeconds: undefined,
    partialFilterExpression: undefined,
    collation: undefined,
    stored: { v: 2, key: { _id: 1 }, name: ID_INDEX_NAME },
  };
}

export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}

/** Index options the dev server implements (or that change nothing it does: background, v, ns, name). */
const IMPLEMENTED_OPTIONS = new Set(['key', 'name', 'unique', 'sparse', 'expireAfterSeconds', 'partialFilterExpression', 'collation', 'background', 'v', 'ns']);
/** Index options of mongod 7 the dev server does not implement (238). */
const UNIMPLEMENTED_OPTIONS = new Set([
  'hidden', 'weights', 'default_language', 'language_override', 'textIndexVersion', '2dsphereIndexVersion',
  'bits', 'min', 'max', 'bucketSize', 'wildcardProjection', 'storageEngine', 'clustered', 'prepareUnique', 'coarsestIndexedLevel',
  'finestIndexedLevel', 'dropDups',
]);
/** Key types whose indexes serve queries the dev server refuses ($text, geo). */
const UNIMPLEMENTED_KEY_TYPES = new Set(['text', '2d', '2dsphere', 'geoHaystack', 'columnstore']);

function checkIndexOptions(raw: Doc, key: Doc): void {
  for (const k of Object.keys(raw)) {
    if (IMPLEMENTED_OPTIONS.has(k)) continue;
    if (UNIMPLEMENTED_OPTIONS.has(k)) notImplemented('createIndexes', `the index option '${k}'`);
    fail(ErrorCode.InvalidIndexSpecificationOption, `The field '${k}' is not valid for an index specification. Specification: ${formatDoc(raw)}`);
  }
  for (const dir of Object.values(key)) {
    if (typeof dir === 'string' && UNIMPLEMENTED_KEY_TYPES.has(dir)) notImplemented('createIndexes', `'${dir}' indexes`);
  }
}

export function parseIndexSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw)) fail(ErrorCode.TypeMismatch, 'Each index specification must be an object');
  const key = raw['key'];
  if (!isPlainObject(key) || Object.keys(key).length === 0) {
    fail(ErrorCode.CannotCreateIndex, "Index keys cannot be an empty field.");
  }
  for (const [field, dir] of Object.entries(key)) {
    if (field === '') fail(ErrorCode.CannotCreateIndex, 'Index keys cannot be an empty field.');
    const ok = (typeof dir === 'number' && dir !== 0 && Number.isFinite(dir)) || typeof dir === 'string';
    if (!ok) fail(ErrorCode.CannotCreateIndex, `Values in index key pattern must be numeric or string: ${formatDoc(key)}`);
  }
  checkIndexOptions(raw, key);
  const name = raw['name'] === undefined ? defaultIndexName(key) : raw['name'];
  if (typeof name !== 'string' || name === '') fail(ErrorCode.CannotCreateIndex, 'The index name cannot be empty');
  const isIdKey = Object.keys(key).length === 1 && key['_id'] !== undefined;
  if (isIdKey && (raw['unique'] !== undefined || raw['sparse'] !== undefined) && name === ID_INDEX_NAME) {
    const bad = raw['unique'] !== undefined ? 'unique' : 'sparse';
    fail(ErrorCode.InvalidIndexSpecificationOption, `The field '${bad}' is not valid for an _id index specification. Specification: ${formatDoc(raw)}`);
  }
  const expire = raw['expireAfterSeconds'];
  if (expire !== undefined && (typeof expire !== 'number' || !Number.isFinite(expire) || expire < 0)) {
    fail(ErrorCode.CannotCreateIndex, `TTL index 'expireAfterSeconds' option must be a non-negative number: ${formatValue(expire)}`);
  }
  const pfe = raw['partialFilterExpression'];
  if (pfe !== undefined && !isPlainObject(pfe)) fail(ErrorCode.TypeMismatch, "The field 'partialFilterExpression' must be an object");
  const rawCollation = raw['collation'];
  if (rawCollation !== undefined && !isPlainObject(rawCollation)) fail(ErrorCode.TypeMismatch, "The field 'collation' must be an object");
  const collation = rawCollation === undefined ? undefined : parseCollation('createIndexes', rawCollation);
  const stored: Doc = { v: 2, key, name };
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'key' || k === 'name' || k === 'collation' || IGNORED_OPTIONS.has(k)) continue;
    stored[k] = v;
  }
  if (collation) stored['collation'] = collation.spec;
  return {
    name,
    key,
    unique: raw['unique'] === true || raw['unique'] === 1,
    sparse: raw['sparse'] === true || raw['sparse'] === 1,
    expireAfterSeconds: expire === undefined ? undefined : expire,
    partialFilterExpression: pfe === undefined ? undefined : pfe,
    collation,
    stored,
  };
}

export function sameKey(a: IndexSpec, b: IndexSpec): boolean {
  return keyOf(a.key) === keyOf(b.key);
}

function optionValue(spec: IndexSpec, opt: (typeof COMPARED_OPTIONS)[number]): string {
  const v = spec.stored[opt];
  if (opt === 'unique' || opt === 'sparse' || opt === 'hidden') return v === true || v === 1 ? 'true' : 'false';
  return keyOf(v);
}

export function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return COMPARED_OPTIONS.every((o) => optionValue(a, o) === optionValue(b, o));
}

export const IndexMatch = {
  /** Nothing equivalent exists: create it. */
  New: 'new',
  /** Identical index exists: no-op. */
  Exists: 'exists',
} as const;
export type IndexMatchValue = (typeof IndexMatch)[keyof typeof IndexMatch];

/** Decides what to do with `requested` given the existing indexes; throws 85/86 on conflicts. */
export function matchExisting(requested: IndexSpec, existing: readonly IndexSpec[]): IndexMatchValue {
  const describe = (s: IndexSpec): string => formatDoc(s.stored);
  const byName = existing.find((e) => e.name === requested.name);
  if (byName) {
    if (sameKey(byName, requested) && sameOptions(byName, requested)) return IndexMatch.Exists;
    if (sameKey(byName, requested)) {
      fail(
        ErrorCode.IndexOptionsConflict,
        `An equivalent index already exists with the same name but different options. Requested index: ${describe(requested)}, existing index: ${describe(byName)}`,
      );
    }
    fail(
      ErrorCode.IndexKeySpecsConflict,
      `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${describe(requested)}, existing index: ${describe(byName)}`,
    );
  }
  const byKey = existing.find((e) => sameKey(e, requested));
  if (byKey) {
    if (sameOptions(byKey, requested)) {
      fail(ErrorCode.IndexOptionsConflict, `Index already exists with a different name: ${byKey.name}`);
    }
    fail(
      ErrorCode.IndexOptionsConflict,
      `An equivalent index already exists with a different name and options. Requested index: ${describe(requested)}, existing index: ${describe(byKey)}`,
    );
  }
  return IndexMatch.New;
}
