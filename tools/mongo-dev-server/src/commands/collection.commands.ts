/**
 * Catalogue commands: `create` (idempotent with identical options, 48 otherwise),
 * `drop` (ok even when missing, like mongod 7), `listCollections` (filter, nameOnly),
 * `renameCollection`, `dropDatabase`, `listDatabases`, `collStats`, `dbStats`.
 * Collection options (validator, capped, ...) are stored and reported but not enforced.
 */
import type { CommandContext, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import type { CollectionStore } from '../storage/collection.store';
import { collectionArg, flag, optionalDoc } from './command-args.util';
import { ErrorCode, fail } from '../util/command.error';
import { isPlainObject } from '../util/bson-value.util';
import { compileFilter } from '../query/mingo.adapter';
import { keyOf } from '../storage/index-key.util';
import { sourceOf } from '../cursors/cursor.registry';
import { collectionSizes, databaseSize, scaleArg, storageStats } from './collection-stats.util';

const CREATE_IGNORED = new Set(['create', 'writeConcern', 'lsid', 'comment', 'maxTimeMS', 'apiVersion', 'apiStrict', 'apiDeprecationErrors']);

function create(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const options: Doc = {};
  for (const [k, v] of Object.entries(ctx.body)) {
    if (!k.startsWith('$') && !CREATE_IGNORED.has(k)) options[k] = v;
  }
  if (options['viewOn'] !== undefined) fail(ErrorCode.IllegalOperation, 'views are not supported by mongo-dev-server');
  if (options['timeseries'] !== undefined) fail(ErrorCode.IllegalOperation, 'time-series collections are not supported by mongo-dev-server');
  const existing = ctx.engine.getCollection(ctx.db, name);
  if (existing) {
    if (keyOf(existing.options) === keyOf(options)) return {};
    fail(ErrorCode.NamespaceExists, `Collection ${ctx.db}.${name} already exists with different options`);
  }
  ctx.engine.getOrCreateCollection(ctx.db, name, options);
  return {};
}

function drop(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const dropped = ctx.engine.dropCollection(ctx.db, name);
  if (!dropped) return {};
  return { nIndexesWas: dropped.indexSpecs().length, ns: dropped.ns };
}

function collectionInfo(c: CollectionStore): Doc {
  return {
    name: c.name,
    type: 'collection',
    options: { ...c.options },
    info: { readOnly: false, uuid: c.uuid },
    idIndex: { ...c.idIndex.stored },
  };
}

function listCollections(ctx: CommandContext): Doc {
  const filter = optionalDoc(ctx.body, 'filter');
  const nameOnly = flag(ctx.body, 'nameOnly');
  const matcher = compileFilter(filter);
  const infos = ctx.engine
    .collections(ctx.db)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(collectionInfo)
    .filter((i) => matcher.test(i))
    .map((i) => (nameOnly ? { name: i['name'], type: i['type'] } : i));
  const ns = `${ctx.db}.$cmd.listCollections`;
  const cursor = isPlainObject(ctx.body['cursor']) ? ctx.body['cursor'] : {};
  const batchSize = typeof cursor['batchSize'] === 'number' ? cursor['batchSize'] : undefined;
  const batch = ctx.cursors.firstBatch(ns, sourceOf(infos[Symbol.iterator]()), batchSize, false);
  return { cursor: { id: batch.cursorId, ns, firstBatch: batch.docs } };
}

function splitNs(ns: unknown, field: string): [string, string] {
  if (typeof ns !== 'string' || !ns.includes('.')) fail(ErrorCode.InvalidNamespace, `Invalid ${field} namespace: ${String(ns)}`);
  const i = ns.indexOf('.');
  return [ns.slice(0, i), ns.slice(i + 1)];
}

function renameCollection(ctx: CommandContext): Doc {
  if (ctx.db !== 'admin') fail(ErrorCode.Unauthorized, 'renameCollection may only be run against the admin database.');
  const [fromDb, from] = splitNs(ctx.body['renameCollection'], 'source');
  const [toDb, to] = splitNs(ctx.body['to'], 'target');
  if (!ctx.engine.getCollection(fromDb, from)) fail(ErrorCode.NamespaceNotFound, 'Source collection does not exist');
  if (ctx.engine.getCollection(toDb, to)) {
    if (!flag(ctx.body, 'dropTarget')) fail(ErrorCode.NamespaceExists, 'target namespace exists');
    ctx.engine.dropCollection(toDb, to);
  }
  ctx.engine.renameCollection(fromDb, from, toDb, to);
  return {};
}

function listDatabases(ctx: CommandContext): Doc {
  const nameOnly = flag(ctx.body, 'nameOnly');
  const filter = optionalDoc(ctx.body, 'filter');
  const matcher = compileFilter(filter);
  let totalSize = 0;
  const databases = ctx.engine
    .databaseNames()
    .map((name) => {
      const sizeOnDisk = databaseSize(ctx.engine.collections(name));
      totalSize += sizeOnDisk;
      return nameOnly ? { name } : { name, sizeOnDisk, empty: false };
    })
    .filter((d) => matcher.test(d));
  return nameOnly ? { databases } : { databases, totalSize, totalSizeMb: Math.floor(totalSize / 1048576) };
}

/** The `collStats` command (deprecated in mongod 6.2, still answered by 7.0). */
function collStats(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const scale = scaleArg(ctx.body['scale'], 'scale');
  const c = ctx.engine.getCollection(ctx.db, name);
  const ns = `${ctx.db}.${name}`;
  if (!c) return { ns, size: 0, count: 0, numOrphanDocs: 0, storageSize: 0, totalSize: 0, nindexes: 0, totalIndexSize: 0, indexSizes: {}, scaleFactor: scale };
  return { ns, ...storageStats(c, scale) };
}

function dbStats(ctx: CommandContext): Doc {
  const scale = scaleArg(ctx.body['scale'], 'scale');
  const colls = ctx.engine.collections(ctx.db);
  const sizes = colls.map((c) => collectionSizes(c));
  const objects = sizes.reduce((n, s) => n + s.count, 0);
  const size = sizes.reduce((n, s) => n + s.size, 0);
  const storageSize = sizes.reduce((n, s) => n + s.storageSize, 0);
  const indexes = sizes.reduce((n, s) => n + s.nindexes, 0);
  const indexSize = sizes.reduce((n, s) => n + s.totalIndexSize, 0);
  const scaled = (bytes: number): number => Math.floor(bytes / scale);
  return {
    db: ctx.db,
    collections: colls.length,
    views: 0,
    objects,
    avgObjSize: objects ? size / objects : 0,
    dataSize: scaled(size),
    storageSize: scaled(storageSize),
    indexes,
    indexSize: scaled(indexSize),
    totalSize: scaled(storageSize + indexSize),
    scaleFactor: scale,
  };
}

export const collectionCommands: CommandTable = {
  create,
  drop,
  listCollections,
  renameCollection,
  dropDatabase: (ctx) => {
    if (ctx.db === 'admin') fail(ErrorCode.IllegalOperation, "Dropping the 'admin' database is prohibited.");
    ctx.engine.dropDatabase(ctx.db);
    return {};
  },
  listDatabases,
  collStats,
  dbStats,
};
