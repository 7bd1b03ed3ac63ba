/**
 * Routes a decoded command to its handler and shapes the reply. Applies the standalone
 * rules common to all commands: transaction fields/commands are refused (code 20),
 * `watch`-style change streams are refused in aggregate (40573), unknown commands get 59.
 * Generic fields (lsid, $db, $readPreference, $clusterTime, readConcern, writeConcern,
 * apiVersion, comment, maxTimeMS, ...) are ignored by handlers.
 */
import { Double } from 'bson';
import type { CommandContext, CommandHandler, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import { CommandError, ErrorCode, toCommandError } from '../util/command.error';
import { handshakeCommands } from './handshake.commands';
import { insertCommands } from './insert.command';
import { updateCommands } from './update.command';
import { deleteCommands } from './delete.command';
import { findCommands } from './find.commands';
import { findAndModifyCommands } from './find-and-modify.command';
import { countDistinctCommands } from './count-distinct.commands';
import { aggregateCommands } from './aggregate.command';
import { indexCommands } from './index.commands';
import { collectionCommands } from './collection.commands';

export const TXN_MSG = 'Transaction numbers are only allowed on a replica set member or mongos';

const refuseTransaction: CommandHandler = () => {
  throw new CommandError(ErrorCode.IllegalOperation, TXN_MSG);
};

const COMMANDS: CommandTable = {
  ...handshakeCommands,
  ...insertCommands,
  ...updateCommands,
  ...deleteCommands,
  ...findCommands,
  ...findAndModifyCommands,
  ...countDistinctCommands,
  ...aggregateCommands,
  ...indexCommands,
  ...collectionCommands,
  commitTransaction: refuseTransaction,
  abortTransaction: refuseTransaction,
};

const TABLE = new Map<string, CommandHandler>(Object.entries(COMMANDS));

export function supportedCommands(): string[] {
  return [...TABLE.keys()].sort();
}

const OK = new Double(1);
const NOT_OK = new Double(0);

export function errorReply(err: unknown): Doc {
  const e = toCommandError(err);
  return { ok: NOT_OK, errmsg: e.message, code: e.code, codeName: e.codeName, ...e.extra };
}

export function dispatch(ctx: CommandContext): Doc {
  try {
    const body = ctx.body;
    if (body['txnNumber'] !== undefined || body['startTransaction'] !== undefined || body['autocommit'] !== undefined) {
      refuseTransaction(ctx);
    }
    const handler = TABLE.get(ctx.name);
    if (!handler) throw new CommandError(ErrorCode.CommandNotFound, `no such command: '${ctx.name}'`);
    if (handler !== COMMANDS['hello'] && handler !== COMMANDS['isMaster']) ctx.stats.opcounters.command++;
    const reply = handler(ctx);
    reply['ok'] = OK;
    return reply;
  } catch (err) {
    if (err instanceof CommandError) return errorReply(err);
    if (err instanceof Error && err.constructor.name === 'MingoError') return errorReply(err); // invalid query/expression → BadValue
    // anything else is a dev-server bug: keep serving, report like mongod's InternalError
    const e = err instanceof Error ? err : new Error(String(err));
    if (process.env['MONGO_DEV_DEBUG']) process.stderr.write(`mongo-dev-server: ${ctx.name} failed: ${e.stack ?? e.message}\n`);
    return errorReply(new CommandError(ErrorCode.InternalError, e.message));
  }
}
