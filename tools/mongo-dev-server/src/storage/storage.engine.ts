/**
 * In-memory catalogue: database name → collection name → CollectionStore.
 * Databases exist while they hold at least one collection (like mongod).
 * Also owns the TTL sweep (`sweepExpired`), run by the TTL monitor: it reads the expired
 * range of the TTL index (Dates up to the cutoff) when the index is ordered and not
 * multikey, and scans the collection otherwise (arrays of dates expire by their earliest).
 */
import type { Doc } from './doc.types';
import { CollectionStore, pkOf } from './collection.store';
import type { OrderedKeyList } from './ordered-key.list';
import { typeRank } from '../util/bson-value.util';
import { ErrorCode, fail } from '../util/command.error';
import type { ServerStats } from '../util/server-stats';

const INVALID_DB_CHARS = /[/\\. "$\0]/;

export function validateDbName(db: string): void {
  if (db === '' || INVALID_DB_CHARS.test(db) || db.length > 63) fail(ErrorCode.InvalidNamespace, `Invalid database name: '${db}'`);
}

export function validateCollectionName(db: string, coll: string): void {
  if (coll === '' || coll.includes('\0') || coll.includes('$') || coll.startsWith('.')) {
    fail(ErrorCode.InvalidNamespace, `Invalid namespace specified '${db}.${coll}'`);
  }
}

export class StorageEngine {
  private readonly dbs = new Map<string, Map<string, CollectionStore>>();

  constructor(readonly stats: ServerStats) {}

  getCollection(db: string, coll: string): CollectionStore | undefined {
    return this.dbs.get(db)?.get(coll);
  }

  /** Returns the collection, creating it (implicitly, like an insert does) when missing. */
  getOrCreateCollection(db: string, coll: string, options: Doc = {}): CollectionStore {
    const existing = this.getCollection(db, coll);
    if (existing) return existing;
    validateDbName(db);
    validateCollectionName(db, coll);
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const created = new CollectionStore(db, coll, options);
    colls.set(coll, created);
    return created;
  }

  /** Puts `store` in the catalogue under its namespace, replacing any collection there. */
  putCollection(store: CollectionStore): void {
    validateDbName(store.dbName);
    validateCollectionName(store.dbName, store.name);
    let colls = this.dbs.get(store.dbName);
    if (!colls) this.dbs.set(store.dbName, (colls = new Map()));
    colls.set(store.name, store);
  }

  dropCollection(db: string, coll: string): CollectionStore | undefined {
    const colls = this.dbs.get(db);
    const found = colls?.get(coll);
    if (colls && found) {
      colls.delete(coll);
      if (colls.size === 0) this.dbs.delete(db);
    }
    return found;
  }

  renameCollection(fromDb: string, from: string, toDb: string, to: string): void {
    const src = this.getCollection(fromDb, from);
    if (!src) fail(ErrorCode.NamespaceNotFound, 'Source collection does not exist');
    validateDbName(toDb);
    validateCollectionName(toDb, to);
    this.dropCollection(fromDb, from);
    const target = this.getOrCreateCollection(toDb, to, src.options);
    for (const ix of src.indexes) target.createIndex(ix.spec);
    for (const doc of src.docs.values()) target.insert(doc);
  }

  dropDatabase(db: string): boolean {
    return this.dbs.delete(db);
  }

  databaseNames(): string[] {
    return [...this.dbs.keys()].sort();
  }

  collections(db: string): CollectionStore[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  /**
   * Deletes documents whose TTL-indexed date field (or earliest date of an array) is older
   * than now - expireAfterSeconds. Returns the number deleted.
   */
  sweepExpired(now: number = Date.now()): number {
    let deleted = 0;
    for (const colls of [...this.dbs.values()]) {
      for (const coll of [...colls.values()]) {
        for (const ix of coll.indexes) {
          const ttl = ix.spec.expireAfterSeconds;
          if (ttl === undefined || ix.fieldNames.length !== 1) continue;
          const cutoff = now - ttl * 1000;
          const field = ix.fields[0];
          const expired: Doc[] = [];
          if (ix.rangeSafe && ix.orderedKeys) {
            for (const pk of expiredKeys(ix.orderedKeys, cutoff)) {
              const doc = coll.get(pk);
              if (doc) expired.push(doc);
            }
          } else {
            for (const doc of coll.docs.values()) {
              const at = earliestDate(valueAt(doc, field));
              if (at !== undefined && at <= cutoff) expired.push(doc);
            }
          }
          for (const doc of expired) {
            if (coll.get(pkOf(doc)) !== doc) continue; // already removed via another TTL index
            coll.remove(doc);
            deleted++;
          }
        }
      }
    }
    return deleted;
  }
}

const DATE_RANK = typeRank(new Date(0));

/** Primary keys of the entries of a single-field index holding a Date ≤ cutoff. */
function expiredKeys(list: OrderedKeyList, cutoff: number): string[] {
  const dir = list.dirs[0];
  // position of a value relative to "Dates up to the cutoff", in value order
  const pos = (v: unknown): number => {
    const r = typeRank(v);
    if (r !== DATE_RANK) return r < DATE_RANK ? -1 : 1;
    return (v as Date).getTime() > cutoff ? 1 : 0;
  };
  const pks: string[] = [];
  for (const e of list.walk((e) => pos(e.values[0]) * dir >= 0, (e) => pos(e.values[0]) * dir > 0, true)) pks.push(e.pk);
  return pks;
}

function valueAt(doc: Doc, path: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Doc)[p];
  }
  return cur;
}

function earliestDate(v: unknown): number | undefined {
  if (v instanceof Date) return v.getTime();
  if (!Array.isArray(v)) return undefined;
  let min: number | undefined;
  for (const e of v) if (e instanceof Date && (min === undefined || e.getTime() < min)) min = e.getTime();
  return min;
}
