/** `delete`: statements `{q, limit: 0|1, collation}`; reply `{n, writeErrors?}`. */
import type { CommandTable } from './command.types';
import { collationArg, collectionArg, flag, hintArg, letArg, optionalDoc, optionalNumber, requiredArray } from './command-args.util';
import { runBatch, withWriteErrors } from './write-result.util';
import { ErrorCode, fail } from '../util/command.error';
import { isPlainObject } from '../util/bson-value.util';
import { performDelete } from '../query/write.engine';

export const deleteCommands: CommandTable = {
  delete: (ctx) => {
    const name = collectionArg(ctx);
    const statements = requiredArray(ctx.body, 'deletes', 'delete');
    const ordered = flag(ctx.body, 'ordered', true);
    const variables = letArg(ctx.body);
    let n = 0;
    const errors = runBatch(statements, ordered, (raw) => {
      ctx.stats.opcounters.delete++;
      if (!isPlainObject(raw)) fail(ErrorCode.TypeMismatch, 'Each delete statement must be an object');
      const limit = optionalNumber(raw, 'limit') ?? 0;
      if (limit !== 0 && limit !== 1) fail(ErrorCode.FailedToParse, `The limit field in delete objects must be 0 or 1. Got ${limit}`);
      const q = optionalDoc(raw, 'q') ?? {};
      const target = { engine: ctx.engine, db: ctx.db, coll: name };
      const collation = collationArg('delete', raw);
      const hint = hintArg('delete', raw, ctx.engine.getCollection(ctx.db, name));
      n += performDelete(target, { filter: q, limitOne: limit === 1, collation, hint, variables }).length;
    });
    return withWriteErrors({ n }, errors);
  },
};
