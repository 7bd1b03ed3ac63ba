/**
 * `findAndModify`: atomically updates (or removes) the first document matching `query`
 * in `sort` order, with upsert. Reply `{lastErrorObject: {n, updatedExisting, upserted?}, value}`.
 * Unlike `update`, failures such as duplicate keys are command errors (ok: 0, code 11000,
 * keyPattern, keyValue) — e.g. an upsert whose filter misses an existing `_id`.
 */
import type { CommandContext, CommandHandler, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import { collationArg, collectionArg, flag, hintArg, letArg, optionalArray, optionalDoc } from './command-args.util';
import { ErrorCode, fail } from '../util/command.error';
import { performDelete, performUpdate } from '../query/write.engine';
import { applyProjection } from '../query/projection.util';

function project(doc: Doc | undefined, fields: Doc | undefined, query: Doc | undefined): Doc | null {
  if (!doc) return null;
  return applyProjection([doc], fields, query)[0] ?? null;
}

const findAndModify: CommandHandler = (ctx: CommandContext) => {
  const name = collectionArg(ctx);
  const b = ctx.body;
  const query = optionalDoc(b, 'query');
  const sort = optionalDoc(b, 'sort');
  const fields = optionalDoc(b, 'fields');
  const collation = collationArg('findAndModify', b);
  const hint = hintArg('findAndModify', b, ctx.engine.getCollection(ctx.db, name));
  const variables = letArg(b);
  const remove = flag(b, 'remove');
  const returnNew = flag(b, 'new');
  const upsert = flag(b, 'upsert');
  const update = b['update'];
  if (remove && update !== undefined) fail(ErrorCode.FailedToParse, 'Cannot specify both an update and remove=true');
  if (!remove && update === undefined) fail(ErrorCode.FailedToParse, 'Either an update or remove=true must be specified');
  if (remove && upsert) fail(ErrorCode.FailedToParse, 'Cannot specify both upsert=true and remove=true ');
  if (remove && returnNew) {
    fail(ErrorCode.FailedToParse, "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document");
  }
  const target = { engine: ctx.engine, db: ctx.db, coll: name };
  if (remove) {
    ctx.stats.opcounters.delete++;
    const deleted = performDelete(target, { filter: query, limitOne: true, collation, sort, hint, variables });
    return { lastErrorObject: { n: deleted.length }, value: project(deleted[0], fields, query) };
  }
  ctx.stats.opcounters.update++;
  const res = performUpdate(target, {
    filter: query,
    update: update as Doc | Doc[],
    multi: false,
    upsert,
    arrayFilters: optionalArray(b, 'arrayFilters') as Doc[] | undefined,
    collation,
    command: 'findAndModify',
    sort,
    hint,
    variables,
  });
  if (res.upsertedId !== undefined) {
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: res.upsertedId },
      value: returnNew ? project(res.after, fields, query) : null,
    };
  }
  if (res.matched > 0) {
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: project(returnNew ? res.after : res.before, fields, query),
    };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
};

export const findAndModifyCommands: CommandTable = {
  findAndModify,
  findandmodify: findAndModify,
};
