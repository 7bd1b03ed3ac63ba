/**
 * `createIndexes` (idempotent for identical specs; 85/86 on conflicting name/key/options;
 * unique builds fail with 11000 on existing duplicates), `listIndexes`, `dropIndexes`
 * (by name, key pattern, list of names, or "*").
 */
import type { CommandContext, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import { collectionArg, requiredArray } from './command-args.util';
import { ErrorCode, fail } from '../util/command.error';
import { isPlainObject } from '../util/bson-value.util';
import { parseIndexSpec } from '../storage/index-spec.model';
import { sourceOf } from '../cursors/cursor.registry';

function createIndexes(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const raw = requiredArray(ctx.body, 'indexes', 'createIndexes');
  if (raw.length === 0) fail(ErrorCode.BadValue, 'Must specify at least one index to create');
  if (ctx.body['commitQuorum'] !== undefined) fail(ErrorCode.BadValue, "Standalones can't specify commitQuorum");
  const specs = raw.map(parseIndexSpec);
  const existed = ctx.engine.getCollection(ctx.db, name) !== undefined;
  const coll = ctx.engine.getOrCreateCollection(ctx.db, name);
  const before = coll.indexSpecs().length;
  const created: string[] = [];
  try {
    for (const spec of specs) if (coll.createIndex(spec)) created.push(spec.name);
  } catch (err) {
    for (const n of created) coll.dropIndex(n);
    if (!existed) ctx.engine.dropCollection(ctx.db, name);
    throw err;
  }
  const reply: Doc = {
    numIndexesBefore: before,
    numIndexesAfter: coll.indexSpecs().length,
    createdCollectionAutomatically: !existed,
  };
  if (created.length === 0) reply['note'] = 'all indexes already exist';
  return reply;
}

function listIndexes(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const coll = ctx.engine.getCollection(ctx.db, name);
  const ns = `${ctx.db}.${name}`;
  if (!coll) fail(ErrorCode.NamespaceNotFound, `ns does not exist: ${ns}`);
  const docs = coll.indexSpecs().map((s) => ({ ...s.stored }));
  const cursor = isPlainObject(ctx.body['cursor']) ? ctx.body['cursor'] : {};
  const batchSize = typeof cursor['batchSize'] === 'number' ? cursor['batchSize'] : undefined;
  const batch = ctx.cursors.firstBatch(ns, sourceOf(docs[Symbol.iterator]()), batchSize, false);
  return { cursor: { id: batch.cursorId, ns, firstBatch: batch.docs } };
}

function dropIndexes(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) fail(ErrorCode.NamespaceNotFound, `ns not found ${ctx.db}.${name}`);
  const nIndexesWas = coll.indexSpecs().length;
  const which = ctx.body['index'];
  if (which === '*') {
    coll.dropAllSecondaryIndexes();
  } else if (Array.isArray(which)) {
    for (const n of which) if (typeof n !== 'string') fail(ErrorCode.TypeMismatch, 'dropIndexes index names must be strings');
    for (const n of which as string[]) {
      if (!coll.indexSpecs().some((s) => s.name === n)) fail(ErrorCode.IndexNotFound, `index not found with name [${n}]`);
    }
    for (const n of which as string[]) coll.dropIndex(n);
  } else if (typeof which === 'string' || isPlainObject(which)) {
    coll.dropIndex(which);
  } else {
    fail(ErrorCode.TypeMismatch, "BSON field 'dropIndexes.index' is the wrong type, expected type 'string, array or object'");
  }
  return { nIndexesWas };
}

export const indexCommands: CommandTable = {
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
};
