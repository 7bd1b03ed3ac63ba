/**
 * `update`: each statement `{q, u, multi, upsert, arrayFilters, collation}` runs via the
 * write engine. Reply: `n` (matched + upserted), `nModified`, `upserted: [{index, _id}]`,
 * `writeErrors` (ok: 1). Replacement documents cannot be used with multi: true.
 */
import type { CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import { collationArg, collectionArg, flag, hintArg, letArg, optionalArray, optionalDoc, requiredArray } from './command-args.util';
import { runBatch, withWriteErrors } from './write-result.util';
import { ErrorCode, fail } from '../util/command.error';
import { isPlainObject } from '../util/bson-value.util';
import { performUpdate } from '../query/write.engine';
import { UpdateKind, classifyUpdate } from '../query/update.engine';

export const updateCommands: CommandTable = {
  update: (ctx) => {
    const name = collectionArg(ctx);
    const statements = requiredArray(ctx.body, 'updates', 'update');
    const ordered = flag(ctx.body, 'ordered', true);
    const variables = letArg(ctx.body);
    let n = 0;
    let nModified = 0;
    const upserted: Doc[] = [];
    const errors = runBatch(statements, ordered, (raw, index) => {
      ctx.stats.opcounters.update++;
      if (!isPlainObject(raw)) fail(ErrorCode.TypeMismatch, 'Each update statement must be an object');
      const q = optionalDoc(raw, 'q') ?? {};
      const u = raw['u'];
      if (u === undefined) fail(40414, "BSON field 'update.updates.u' is missing but a required field");
      const multi = flag(raw, 'multi');
      if (multi && classifyUpdate(u) === UpdateKind.Replacement) {
        fail(ErrorCode.FailedToParse, 'multi update is not supported for replacement-style update');
      }
      const res = performUpdate(
        { engine: ctx.engine, db: ctx.db, coll: name },
        {
          filter: q,
          update: u as Doc | Doc[],
          multi,
          upsert: flag(raw, 'upsert'),
          arrayFilters: optionalArray(raw, 'arrayFilters') as Doc[] | undefined,
          collation: collationArg('update', raw),
          command: 'update',
          hint: hintArg('update', raw, ctx.engine.getCollection(ctx.db, name)),
          variables,
        },
      );
      if (res.upsertedId !== undefined) {
        n += 1;
        upserted.push({ index, _id: res.upsertedId });
      } else {
        n += res.matched;
        nModified += res.modified;
      }
    });
    const reply: Doc = { n, nModified };
    if (upserted.length > 0) reply['upserted'] = upserted;
    return withWriteErrors(reply, errors);
  },
};
