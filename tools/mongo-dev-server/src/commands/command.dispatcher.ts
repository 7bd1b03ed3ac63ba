/**
 * Routes a decoded command to its handler and shapes the reply. Applies the standalone
 * rules common to all commands: transaction fields/commands are refused (code 20),
 * `watch`-style change streams are refused in aggregate (40573), replication commands get 76,
 * commands mongod has and the dev server lacks get 238, unknown commands 59. Before a handler
 * runs, the body's fields are checked against the option audit (`command-options.ts`:
 * unknown → 40415, unimplemented → 238) and readConcern/writeConcern/maxTimeMS values are
 * checked as a standalone checks them. Counts every command in
 * `stats.commands` (`serverStatus().metrics.commands.<name>.{total,failed}`), aliases under
 * mongod's canonical name; unknown commands count as `<UNKNOWN>`.
 */
import { Double } from 'bson';
import type { CommandContext, CommandHandler, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import { CommandError, ErrorCode, notImplemented, toCommandError } from '../util/command.error';
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
import { explainCommands } from './explain.command';
import { collModCommands } from './coll-mod.command';
import { checkCommandFields, checkGenericArguments } from './command-options';

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
  ...explainCommands,
  ...collModCommands,
  commitTransaction: refuseTransaction,
  abortTransaction: refuseTransaction,
};

const TABLE = new Map<string, CommandHandler>(Object.entries(COMMANDS));

/** A standalone has no replication: mongod answers these with 76 NoReplicationEnabled. */
const REPLICATION_COMMANDS = new Set([
  'replSetGetStatus', 'replSetGetConfig', 'replSetInitiate', 'replSetReconfig', 'replSetStepDown', 'replSetFreeze',
  'replSetMaintenance', 'replSetSyncFrom', 'replSetUpdatePosition', 'replSetResizeOplog', 'replSetGetRBID', 'replSetAbortPrimaryCatchUp',
]);

/**
 * Commands a mongod 7 standalone has and the dev server does not implement: answered with
 * 238 NotImplemented (not 59 CommandNotFound, which would claim mongod lacks them).
 */
const MONGOD_ONLY_COMMANDS = new Set([
  'validate', 'currentOp', 'killOp', 'mapReduce', 'fsync', 'fsyncUnlock', 'compact', 'reIndex',
  'profile', 'top', 'setParameter', 'shutdown', 'listCommands', 'createUser', 'updateUser', 'dropUser', 'usersInfo',
  'createRole', 'dropRole', 'rolesInfo', 'grantRolesToUser', 'revokeRolesFromUser', 'authenticate', 'saslStart',
  'saslContinue', 'cloneCollectionAsCapped', 'convertToCapped', 'dataSize', 'filemd5', 'planCacheClear',
  'planCacheClearFilters', 'planCacheListFilters', 'planCacheSetFilter', 'lockInfo', 'getDefaultRWConcern',
  'setDefaultRWConcern', 'setFeatureCompatibilityVersion', 'analyze', 'rotateCertificates', 'startSession',
  'setIndexCommitQuorum', 'clearLog', 'features', 'logRotate', 'validateDBMetadata', 'dbHash', 'dbhash',
]);


/** Lower-case legacy spellings, counted under mongod's canonical command name. */
const ALIASES: Readonly<Record<string, string>> = {
  ismaster: 'isMaster',
  buildinfo: 'buildInfo',
  findandmodify: 'findAndModify',
  deleteIndexes: 'dropIndexes',
};

export function supportedCommands(): string[] {
  return [...TABLE.keys()].sort();
}

/** Command names as `serverStatus().metrics.commands` reports them. */
export function metricCommandNames(): string[] {
  return supportedCommands().filter((name) => ALIASES[name] === undefined);
}

const OK = new Double(1);
const NOT_OK = new Double(0);

export function errorReply(err: unknown): Doc {
  const e = toCommandError(err);
  return { ok: NOT_OK, errmsg: e.message, code: e.code, codeName: e.codeName, ...e.extra };
}

export function dispatch(ctx: CommandContext): Doc {
  const handler = TABLE.get(ctx.name);
  const counter = handler ? ctx.stats.command(ALIASES[ctx.name] ?? ctx.name) : undefined;
  try {
    if (counter) counter.total++;
    const body = ctx.body;
    if (body['txnNumber'] !== undefined || body['startTransaction'] !== undefined || body['autocommit'] !== undefined) {
      refuseTransaction(ctx);
    }
    if (!handler) {
      ctx.stats.unknownCommands++;
      if (REPLICATION_COMMANDS.has(ctx.name)) throw new CommandError(ErrorCode.NoReplicationEnabled, 'not running with --replSet');
      if (MONGOD_ONLY_COMMANDS.has(ctx.name)) notImplemented(ctx.name, `the command '${ctx.name}'`);
      throw new CommandError(ErrorCode.CommandNotFound, `no such command: '${ctx.name}'`);
    }
    checkCommandFields(ctx.name, body);
    checkGenericArguments(ctx.name, body);
    ctx.sessions.touch(body['lsid']);
    if (handler !== COMMANDS['hello'] && handler !== COMMANDS['isMaster']) ctx.stats.opcounters.command++;
    const reply = handler(ctx);
    reply['ok'] = OK;
    return reply;
  } catch (err) {
    if (counter) counter.failed++;
    if (err instanceof CommandError) return errorReply(err);
    if (err instanceof Error && err.constructor.name === 'MingoError') return errorReply(err); // invalid query/expression → BadValue
    // anything else is a dev-server bug: keep serving, report like mongod's InternalError
    const e = err instanceof Error ? err : new Error(String(err));
    if (process.env['MONGO_DEV_DEBUG']) process.stderr.write(`mongo-dev-server: ${ctx.name} failed: ${e.stack ?? e.message}\n`);
    return errorReply(new CommandError(ErrorCode.InternalError, e.message));
  }
}
