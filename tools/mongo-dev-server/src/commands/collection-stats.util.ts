/**
 * Sizes and statistics of a collection, shared by the `collStats`/`dbStats`/`listDatabases`
 * commands and the `$collStats`/`$indexStats` aggregation stages.
 *
 * Sizes are honest for an in-memory store: `size` is the sum of the documents' BSON sizes
 * (what mongod reports as `size` too); `storageSize` is that rounded up to 4 KiB pages
 * (nothing is compressed, nothing is free); an index's size is the BSON size of its keys
 * plus an 8-byte record id per entry, rounded up to 4 KiB. There is no WiredTiger, so no
 * `wiredTiger`/`indexDetails` sections are reported.
 *
 * `$indexStats.accesses.ops` counts the operations whose plan used the index (since it was
 * built or the server started), as mongod does.
 */
import { Long, calculateObjectSize } from 'bson';
import type { Doc } from '../storage/doc.types';
import type { CollectionStore } from '../storage/collection.store';
import { ID_INDEX_NAME } from '../storage/index-spec.model';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { bsonTypeName } from '../util/bson-type-name.util';
import { bsonTypeOf, BsonKind, isPlainObject, toNumber } from '../util/bson-value.util';

const PAGE = 4096;
const RECORD_ID_BYTES = 8;

const pages = (bytes: number): number => Math.ceil(bytes / PAGE) * PAGE;

export function dataSize(c: CollectionStore): number {
  let size = 0;
  for (const d of c.docs.values()) size += calculateObjectSize(d);
  return size;
}

/** Bytes of each index, by name (`_id_` first). */
export function indexSizes(c: CollectionStore): Map<string, number> {
  const sizes = new Map<string, number>();
  let idBytes = 0;
  for (const d of c.docs.values()) idBytes += calculateObjectSize({ k: d['_id'] }) + RECORD_ID_BYTES;
  sizes.set(ID_INDEX_NAME, pages(idBytes));
  for (const ix of c.indexes) {
    let bytes = 0;
    for (const d of c.docs.values()) {
      for (const k of ix.keysFor(d)) bytes += calculateObjectSize({ k: k.values }) + RECORD_ID_BYTES;
    }
    sizes.set(ix.spec.name, pages(bytes));
  }
  return sizes;
}

export interface CollectionSizes {
  readonly count: number;
  readonly size: number;
  readonly storageSize: number;
  readonly nindexes: number;
  readonly totalIndexSize: number;
  readonly indexSizes: Doc;
}

export function collectionSizes(c: CollectionStore, scale = 1): CollectionSizes {
  const size = dataSize(c);
  const perIndex = indexSizes(c);
  const scaled: Doc = {};
  let total = 0;
  for (const [name, bytes] of perIndex) {
    scaled[name] = Math.floor(bytes / scale);
    total += bytes;
  }
  return {
    count: c.size,
    size: Math.floor(size / scale),
    storageSize: Math.floor(pages(size) / scale),
    nindexes: perIndex.size,
    totalIndexSize: Math.floor(total / scale),
    indexSizes: scaled,
  };
}

/** Bytes a database takes (what `listDatabases` reports as `sizeOnDisk`). */
export function databaseSize(colls: readonly CollectionStore[]): number {
  let bytes = 0;
  for (const c of colls) {
    const s = collectionSizes(c);
    bytes += s.storageSize + s.totalIndexSize;
  }
  return bytes;
}

/** `storageStats.scale` / `collStats.scale`: a positive number (mongod: 51024 otherwise), truncated. */
export function scaleArg(v: unknown, field: string): number {
  if (v === undefined || v === null) return 1;
  if (bsonTypeOf(v) !== BsonKind.Number) {
    fail(ErrorCode.TypeMismatch, `BSON field '${field}' is the wrong type '${bsonTypeName(v)}', expected types '[long, int, decimal, double]'`);
  }
  const n = Math.trunc(toNumber(v));
  if (!(n >= 1)) fail(51024, `BSON field '${field}' value must be >= 1, actual value '${n}'`);
  return n;
}

/** The `storageStats` section of `$collStats` (mongod 7's field names and order). */
export function storageStats(c: CollectionStore, scale: number): Doc {
  const s = collectionSizes(c, scale);
  const out: Doc = { size: s.size, count: s.count };
  if (s.count > 0) out['avgObjSize'] = Math.floor(dataSize(c) / s.count);
  Object.assign(out, {
    numOrphanDocs: 0,
    storageSize: s.storageSize,
    freeStorageSize: 0,
    capped: false,
    nindexes: s.nindexes,
    indexBuilds: [],
    totalIndexSize: s.totalIndexSize,
    totalSize: s.storageSize + s.totalIndexSize,
    indexSizes: s.indexSizes,
    scaleFactor: scale,
  });
  return out;
}

const COLL_STATS_FIELDS = new Set(['latencyStats', 'storageStats', 'count', 'queryExecStats']);

/**
 * `$collStats` (first stage only): one document with `ns`, `host`, `localTime` and the
 * requested `storageStats` / `count`. `latencyStats` and `queryExecStats` need operation
 * timings the dev server does not keep: refused (238).
 */
export function collStatsStage(spec: unknown, ns: string, host: string, coll: CollectionStore | undefined): Doc {
  if (!isPlainObject(spec)) fail(ErrorCode.FailedToParse, `$collStats must take a nested object but found: ${String(spec)}`);
  for (const k of Object.keys(spec)) {
    if (!COLL_STATS_FIELDS.has(k)) fail(ErrorCode.UnknownField, `BSON field '$collStats.${k}' is an unknown field.`);
    if (k === 'latencyStats' || k === 'queryExecStats') notImplemented('aggregate', `$collStats.${k}`);
    if (!isPlainObject(spec[k])) {
      fail(ErrorCode.TypeMismatch, `BSON field '$collStats.${k}' is the wrong type '${bsonTypeName(spec[k])}', expected type 'object'`);
    }
  }
  const out: Doc = { ns, host, localTime: new Date() };
  const storage = spec['storageStats'] as Doc | undefined;
  if (storage !== undefined) {
    for (const k of Object.keys(storage)) {
      if (k !== 'scale' && k !== 'verbose' && k !== 'waitForLock' && k !== 'numericOnly') {
        fail(ErrorCode.UnknownField, `BSON field '$collStats.storageStats.${k}' is an unknown field.`);
      }
    }
    const scale = scaleArg(storage['scale'], '$collStats.storageStats.scale');
    if (!coll) fail(ErrorCode.NamespaceNotFound, `Unable to retrieve storageStats in $collStats stage :: caused by :: Collection [${ns}] not found.`);
    out['storageStats'] = storageStats(coll, scale);
  }
  if (spec['count'] !== undefined) {
    if (!coll) fail(ErrorCode.NamespaceNotFound, `Unable to retrieve count in $collStats stage :: caused by :: Collection [${ns}] not found.`);
    out['count'] = coll.size;
  }
  return out;
}

/** `$indexStats` (first stage only): one document per index, `_id_` first. */
export function indexStatsStage(spec: unknown, host: string, coll: CollectionStore | undefined): Doc[] {
  if (!isPlainObject(spec) || Object.keys(spec).length > 0) fail(28803, 'The $indexStats stage specification must be an empty object');
  if (!coll) return [];
  return coll.indexSpecs().map((s) => {
    const usage = coll.indexUsage(s.name);
    return { name: s.name, key: s.key, host, accesses: { ops: Long.fromNumber(usage.ops), since: usage.since }, spec: { ...s.stored } };
  });
}
