/**
 * One collection: documents keyed by their normalised `_id` (a JS Map, whose insertion
 * order is the natural order) plus secondary indexes. Every write goes through
 * insert/replace/remove, which check all unique constraints before touching anything,
 * so a failed write leaves documents and indexes unchanged. Stored documents are never
 * mutated in place (writers build a new object and `replace`), so readers holding a
 * reference (cursors) see a consistent document.
 */
import { UUID } from 'bson';
import type { Doc } from './doc.types';
import type { IndexKey } from './index-key.util';
import { keyOf } from './index-key.util';
import type { IndexSpec } from './index-spec.model';
import { ID_INDEX_NAME, IndexMatch, idIndexSpec, matchExisting } from './index-spec.model';
import { SecondaryIndex } from './secondary.index';
import { CommandError, ErrorCode, fail } from '../util/command.error';
import { formatDoc } from '../util/bson-format.util';
import { bsonTagOf, isPlainObject } from '../util/bson-value.util';
import { noteWrapped } from '../util/bson-number.util';

export function pkOf(doc: Doc): string {
  return keyOf(doc['_id']);
}

export function duplicateKeyError(ns: string, spec: IndexSpec, values: readonly unknown[]): CommandError {
  const keyPattern: Doc = { ...spec.key };
  const keyValue: Doc = {};
  Object.keys(spec.key).forEach((f, i) => {
    const v = values[i];
    keyValue[f] = v === undefined ? null : v;
  });
  return new CommandError(
    ErrorCode.DuplicateKey,
    `E11000 duplicate key error collection: ${ns} index: ${spec.name} dup key: ${formatDoc(keyValue)}`,
    { keyPattern, keyValue },
  );
}

export function validateId(id: unknown): void {
  if (Array.isArray(id)) fail(ErrorCode.InvalidIdField, "The '_id' value cannot be of type array");
  if (id instanceof RegExp || (id !== null && typeof id === 'object' && bsonTagOf(id) === 'BSONRegExp')) {
    fail(ErrorCode.InvalidIdField, "The '_id' value cannot be of type regex");
  }
  if (isPlainObject(id)) {
    const dollar = dollarField(id);
    if (dollar !== undefined) fail(ErrorCode.DollarPrefixedFieldName, `_id fields may not contain '$'-prefixed fields: ${dollar} is not valid for storage.`);
  }
}

/** The first `$`-prefixed field name inside an embedded document (mongod's storage validation of `_id`). */
function dollarField(doc: Doc): string | undefined {
  for (const k of Object.keys(doc)) {
    if (k.startsWith('$')) return k;
    const v = doc[k];
    const inner = isPlainObject(v) ? dollarField(v) : undefined;
    if (inner !== undefined) return inner;
  }
  return undefined;
}

export interface IndexUsage {
  ops: number;
  readonly since: Date;
}

export class CollectionStore {
  readonly docs = new Map<string, Doc>();
  readonly indexes: SecondaryIndex[] = [];
  readonly idIndex: IndexSpec = idIndexSpec();
  readonly uuid = new UUID();
  /** Per index name: operations whose plan used it, and since when (`$indexStats.accesses`). */
  private readonly usage = new Map<string, IndexUsage>([[ID_INDEX_NAME, { ops: 0, since: new Date() }]]);

  constructor(
    readonly dbName: string,
    readonly name: string,
    readonly options: Doc = {},
  ) {}

  get ns(): string {
    return `${this.dbName}.${this.name}`;
  }

  get size(): number {
    return this.docs.size;
  }

  get(pk: string): Doc | undefined {
    return this.docs.get(pk);
  }

  /** Inserts a document that already has `_id` first. Throws 11000 on any unique violation. */
  insert(doc: Doc): void {
    validateId(doc['_id']);
    const pk = pkOf(doc);
    if (this.docs.has(pk)) throw duplicateKeyError(this.ns, this.idIndex, [doc['_id']]);
    const keysPerIndex = this.checkUnique(doc, pk);
    this.docs.set(pk, doc);
    noteWrapped(doc);
    this.indexes.forEach((ix, i) => ix.add(keysPerIndex[i], pk));
  }

  /**
   * Swaps the stored `oldDoc` (same `_id`) for `newDoc`, keeping its natural-order position. Only
   * the indexes that read a field the write changed are checked and updated.
   */
  replace(oldDoc: Doc, newDoc: Doc): void {
    const pk = pkOf(oldDoc);
    noteWrapped(newDoc);
    const changed = this.indexes.filter((ix) => !ix.unchangedBetween(oldDoc, newDoc));
    if (changed.length === 0) {
      this.docs.set(pk, newDoc);
      return;
    }
    const newKeys = this.checkUnique(newDoc, pk, oldDoc, changed);
    changed.forEach((ix, i) => {
      const oldKeys = ix.keysFor(oldDoc);
      const nk = newKeys[i];
      if (sameKeys(oldKeys, nk)) return;
      ix.remove(oldKeys, pk);
      ix.add(nk, pk);
    });
    this.docs.set(pk, newDoc);
  }

  remove(doc: Doc): void {
    const pk = pkOf(doc);
    for (const ix of this.indexes) ix.remove(ix.keysFor(doc), pk);
    this.docs.delete(pk);
  }

  clear(): void {
    this.docs.clear();
    const specs = this.indexes.map((ix) => ix.spec);
    this.indexes.length = 0;
    for (const s of specs) this.indexes.push(new SecondaryIndex(s));
  }

  private checkUnique(doc: Doc, pk: string, oldDoc?: Doc, indexes: readonly SecondaryIndex[] = this.indexes): IndexKey[][] {
    return indexes.map((ix) => {
      const keys = ix.keysFor(doc);
      const clash = ix.conflictOf(keys, pk, oldDoc && ix.spec.prepareUnique === true ? ix.keysFor(oldDoc) : []);
      if (clash) throw duplicateKeyError(this.ns, ix.spec, clash.values);
      return keys;
    });
  }

  indexSpecs(): IndexSpec[] {
    return [this.idIndex, ...this.indexes.map((ix) => ix.spec)];
  }

  /** Creates the index (building it over existing documents). Returns false if it already existed. */
  createIndex(spec: IndexSpec): boolean {
    if (matchExisting(spec, this.indexSpecs()) === IndexMatch.Exists) return false;
    const ix = new SecondaryIndex(spec);
    for (const [pk, doc] of this.docs) {
      const keys = ix.keysFor(doc);
      const clash = ix.conflictOf(keys, pk);
      if (clash) {
        const err = duplicateKeyError(this.ns, spec, clash.values);
        throw new CommandError(err.code, `Index build failed: ${this.uuid.toHexString()}: Collection ${this.ns} ( ${this.uuid.toHexString()} ) :: caused by :: ${err.message}`, err.extra);
      }
      ix.add(keys, pk);
    }
    this.indexes.push(ix);
    this.usage.set(spec.name, { ops: 0, since: new Date() });
    return true;
  }

  /** The secondary index named `name`, or with key pattern `key`. */
  findIndex(nameOrKey: string | Doc): SecondaryIndex | undefined {
    return typeof nameOrKey === 'string' ? this.indexes.find((ix) => ix.spec.name === nameOrKey) : this.indexes.find((ix) => keyOf(ix.spec.key) === keyOf(nameOrKey));
  }

  /**
   * Swaps the secondary index named `spec.name` for one built from `spec` (collMod). The
   * caller has checked that the documents satisfy it (no unique violation).
   */
  modifyIndex(spec: IndexSpec): void {
    const i = this.indexes.findIndex((ix) => ix.spec.name === spec.name);
    const ix = new SecondaryIndex(spec);
    for (const [pk, doc] of this.docs) ix.add(ix.keysFor(doc), pk);
    this.indexes[i] = ix;
  }

  /** Counts one operation whose plan used the index `name`. */
  noteIndexAccess(name: string): void {
    const u = this.usage.get(name);
    if (u) u.ops++;
  }

  indexUsage(name: string): IndexUsage {
    return this.usage.get(name) ?? { ops: 0, since: new Date() };
  }

  dropIndex(nameOrKey: unknown): void {
    const i =
      typeof nameOrKey === 'string'
        ? this.indexes.findIndex((ix) => ix.spec.name === nameOrKey)
        : this.indexes.findIndex((ix) => keyOf(ix.spec.key) === keyOf(nameOrKey));
    if (i < 0) {
      const isId = nameOrKey === ID_INDEX_NAME || (typeof nameOrKey === 'object' && keyOf(nameOrKey) === keyOf({ _id: 1 }));
      if (isId) fail(ErrorCode.InvalidOptions, 'cannot drop _id index');
      const what = typeof nameOrKey === 'string' ? `index not found with name [${nameOrKey}]` : `can't find index with key: ${formatDoc(nameOrKey as Doc)}`;
      fail(ErrorCode.IndexNotFound, what);
    }
    this.usage.delete(this.indexes[i].spec.name);
    this.indexes.splice(i, 1);
  }

  dropAllSecondaryIndexes(): void {
    for (const ix of this.indexes) this.usage.delete(ix.spec.name);
    this.indexes.length = 0;
  }
}

function sameKeys(a: readonly IndexKey[], b: readonly IndexKey[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if ((a[i]).key !== (b[i]).key) return false;
  return true;
}
