/**
 * `insert`: inserts each document (generating an ObjectId `_id` when missing, `_id` moved
 * first), reporting per-document failures (e.g. 11000) in `writeErrors` with ok: 1.
 * Ordered batches stop at the first error; unordered ones continue.
 */
import type { CommandTable } from './command.types';
import { collectionArg, flag, requiredArray } from './command-args.util';
import { runBatch, withWriteErrors } from './write-result.util';
import { ErrorCode, fail } from '../util/command.error';
import { isPlainObject } from '../util/bson-value.util';
import { ensureIdFirst } from '../query/upsert-seed.util';
import { Limits } from '../wire/wire.constants';

export const insertCommands: CommandTable = {
  insert: (ctx) => {
    const name = collectionArg(ctx);
    const docs = requiredArray(ctx.body, 'documents', 'insert');
    if (docs.length > Limits.maxWriteBatchSize) fail(ErrorCode.InvalidLength, `Write batch sizes must be between 1 and ${Limits.maxWriteBatchSize}. Got ${docs.length} operations.`);
    const ordered = flag(ctx.body, 'ordered', true);
    const coll = ctx.engine.getOrCreateCollection(ctx.db, name);
    let n = 0;
    const errors = runBatch(docs, ordered, (raw) => {
      if (!isPlainObject(raw)) fail(ErrorCode.TypeMismatch, 'Each insert document must be an object');
      coll.insert(ensureIdFirst(raw));
      n++;
    });
    ctx.stats.opcounters.insert += docs.length;
    return withWriteErrors({ n }, errors);
  },
};
