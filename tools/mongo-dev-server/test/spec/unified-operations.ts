/**
 * The Unified Test Format operations the in-scope files use (entities: collection, database,
 * client, session, find/command cursor), run through the official Node
 * driver, with their results shaped as the format expects (e.g. an UpdateResult as
 * `{matchedCount, modifiedCount, upsertedCount, upsertedId}`, a cursor as its documents).
 * An operation the runner does not know throws `UnsupportedOperation` (the test is skipped
 * with that reason, never counted as passed).
 */
import type { AbstractCursor, AnyBulkWriteOperation, ClientSession, Collection, Db, Document, MongoClient } from 'mongodb';

export class UnsupportedOperation extends Error {}

type Args = Record<string, unknown>;

export interface OperationTarget {
  readonly object: unknown;
  readonly name: string;
  readonly args: Args;
  readonly session: ClientSession | undefined;
}

/** Driver options from the format's arguments (session resolved, returnDocument lower-cased). */
function options(args: Args, session: ClientSession | undefined, ...drop: string[]): Document {
  const out: Document = {};
  for (const [k, v] of Object.entries(args)) {
    if (drop.includes(k) || k === 'session') continue;
    out[k] = k === 'returnDocument' && typeof v === 'string' ? v.toLowerCase() : v;
  }
  if (session) out['session'] = session;
  return out;
}

export function bulkResult(r: {
  deletedCount: number;
  insertedCount: number;
  insertedIds: unknown;
  matchedCount: number;
  modifiedCount: number;
  upsertedCount: number;
  upsertedIds: unknown;
}): Document {
  return {
    deletedCount: r.deletedCount,
    insertedCount: r.insertedCount,
    insertedIds: r.insertedIds,
    matchedCount: r.matchedCount,
    modifiedCount: r.modifiedCount,
    upsertedCount: r.upsertedCount,
    upsertedIds: r.upsertedIds,
  };
}


function updateResult(r: { matchedCount: number; modifiedCount: number; upsertedCount: number; upsertedId: unknown }): Document {
  const out: Document = { matchedCount: r.matchedCount, modifiedCount: r.modifiedCount, upsertedCount: r.upsertedCount };
  if (r.upsertedId !== null && r.upsertedId !== undefined) out['upsertedId'] = r.upsertedId;
  return out;
}

async function collectionOperation(c: Collection, name: string, a: Args, s: ClientSession | undefined): Promise<unknown> {
  const filter = (a['filter'] ?? {}) as Document;
  switch (name) {
    case 'insertOne':
      return { insertedId: (await c.insertOne(a['document'] as Document, options(a, s, 'document'))).insertedId };
    case 'insertMany':
      return { insertedIds: (await c.insertMany(a['documents'] as Document[], options(a, s, 'documents'))).insertedIds };
    case 'updateOne':
      return updateResult(await c.updateOne(filter, a['update'] as Document, options(a, s, 'filter', 'update')));
    case 'updateMany':
      return updateResult(await c.updateMany(filter, a['update'] as Document, options(a, s, 'filter', 'update')));
    case 'replaceOne':
      return updateResult(await c.replaceOne(filter, a['replacement'] as Document, options(a, s, 'filter', 'replacement')));
    case 'deleteOne':
      return { deletedCount: (await c.deleteOne(filter, options(a, s, 'filter'))).deletedCount };
    case 'deleteMany':
      return { deletedCount: (await c.deleteMany(filter, options(a, s, 'filter'))).deletedCount };
    case 'findOneAndUpdate':
      return c.findOneAndUpdate(filter, a['update'] as Document, options(a, s, 'filter', 'update'));
    case 'findOneAndReplace':
      return c.findOneAndReplace(filter, a['replacement'] as Document, options(a, s, 'filter', 'replacement'));
    case 'findOneAndDelete':
      return c.findOneAndDelete(filter, options(a, s, 'filter'));
    case 'find':
      return c.find(filter, options(a, s, 'filter')).toArray();
    case 'findOne':
      return c.findOne(filter, options(a, s, 'filter'));
    case 'aggregate':
      return c.aggregate(a['pipeline'] as Document[], options(a, s, 'pipeline')).toArray();
    case 'countDocuments':
      return c.countDocuments(filter, options(a, s, 'filter'));
    case 'estimatedDocumentCount':
      return c.estimatedDocumentCount(options(a, s));
    case 'count':
      return c.count(filter, options(a, s, 'filter'));
    case 'distinct':
      return c.distinct(a['fieldName'] as string, filter, options(a, s, 'fieldName', 'filter'));
    case 'bulkWrite':
      return bulkResult(await c.bulkWrite(a['requests'] as AnyBulkWriteOperation[], options(a, s, 'requests')));
    case 'createIndex':
      return c.createIndex(a['keys'] as Document, options(a, s, 'keys'));
    case 'dropIndex':
      return c.dropIndex(a['name'] as string, options(a, s, 'name'));
    case 'listIndexes':
      return c.listIndexes(options(a, s)).toArray();
    case 'createFindCursor':
      return c.find(filter, options(a, s, 'filter'));
    default:
      throw new UnsupportedOperation(`collection operation '${name}'`);
  }
}

async function databaseOperation(db: Db, name: string, a: Args, s: ClientSession | undefined): Promise<unknown> {
  switch (name) {
    case 'runCommand':
      return db.command(a['command'] as Document, options(a, s, 'command', 'commandName'));
    case 'aggregate':
      return db.aggregate(a['pipeline'] as Document[], options(a, s, 'pipeline')).toArray();
    case 'createCollection':
      await db.createCollection(a['collection'] as string, options(a, s, 'collection'));
      return undefined;
    case 'dropCollection':
      return db.dropCollection(a['collection'] as string, options(a, s, 'collection'));
    case 'listCollections':
      return db.listCollections((a['filter'] ?? {}), options(a, s, 'filter')).toArray();
    case 'listCollectionNames':
      return (await db.listCollections((a['filter'] ?? {}) as Document, options(a, s, 'filter')).toArray()).map((c) => c.name);
    case 'modifyCollection':
      return db.command({ collMod: a['collection'], ...options(a, s, 'collection') });
    case 'createCommandCursor':
      return db.runCursorCommand(a['command'] as Document, options(a, s, 'command', 'commandName'));
    case 'runCursorCommand':
      return db.runCursorCommand(a['command'] as Document, options(a, s, 'command', 'commandName')).toArray();
    default:
      throw new UnsupportedOperation(`database operation '${name}'`);
  }
}

export function runOperation(target: OperationTarget): Promise<unknown> {
  const { object, name, args, session } = target;
  if (isCollection(object)) return collectionOperation(object, name, args, session);
  if (isDb(object)) return databaseOperation(object, name, args, session);
  if (isSession(object) && name === 'endSession') return object.endSession();
  if (isCursor(object)) return cursorOperation(object, name);
  if (isClient(object) && name === 'listDatabases') return object.db('admin').admin().listDatabases(options(args, session)).then((r) => r.databases);
  throw new UnsupportedOperation(`operation '${name}' on this entity`);
}

/** A find or command cursor entity: the next document (null when exhausted), one batch, or close. */
async function cursorOperation(cursor: AbstractCursor, name: string): Promise<unknown> {
  switch (name) {
    case 'iterateUntilDocumentOrError':
      return cursor.next();
    case 'iterateOnce':
      return cursor.tryNext();
    case 'close':
      return cursor.close();
    default:
      throw new UnsupportedOperation(`cursor operation '${name}'`);
  }
}

const isSession = (v: unknown): v is ClientSession => typeof v === 'object' && v !== null && 'endSession' in v && 'inTransaction' in v;
const isCursor = (v: unknown): v is AbstractCursor => typeof v === 'object' && v !== null && 'tryNext' in v && 'close' in v && 'rewind' in v;
const isCollection = (v: unknown): v is Collection => typeof v === 'object' && v !== null && 'collectionName' in v && 'bulkWrite' in v;
const isDb = (v: unknown): v is Db => typeof v === 'object' && v !== null && 'databaseName' in v && 'createCollection' in v;
const isClient = (v: unknown): v is MongoClient => typeof v === 'object' && v !== null && 'db' in v && 'startSession' in v;
