/**
 * Handshake and server-introspection commands, answering as a standalone mongod 7:
 * hello/isMaster (isWritablePrimary, no setName, no topologyVersion so drivers poll instead
 * of streaming, no compression), ping, buildInfo, getParameter, serverStatus, hostInfo,
 * whatsmyuri, getLog, connectionStatus, getCmdLineOpts, endSessions, killSessions,
 * plus `devServerStats` (dev-server-only counters).
 */
import * as os from 'node:os';
import { Double, Long } from 'bson';
import type { CommandContext, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import { Limits } from '../wire/wire.constants';
import { ErrorCode, fail } from '../util/command.error';

export const SERVER_VERSION = '7.0.0-dev';

function helloReply(ctx: CommandContext, legacy: boolean): Doc {
  const reply: Doc = {};
  if (ctx.body['helloOk'] !== undefined) reply['helloOk'] = true;
  if (legacy) reply['ismaster'] = true;
  else reply['isWritablePrimary'] = true;
  Object.assign(reply, {
    maxBsonObjectSize: Limits.maxBsonObjectSize,
    maxMessageSizeBytes: Limits.maxMessageSizeBytes,
    maxWriteBatchSize: Limits.maxWriteBatchSize,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connection.id,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
  });
  return reply;
}

function buildInfo(): Doc {
  return {
    version: SERVER_VERSION,
    gitVersion: 'mongo-dev-server',
    modules: [],
    allocator: 'system',
    javascriptEngine: 'none',
    sysInfo: 'deprecated',
    versionArray: [7, 0, 0, -100],
    bits: 64,
    debug: false,
    maxBsonObjectSize: Limits.maxBsonObjectSize,
    storageEngines: ['devMemory'],
  };
}

const PARAMETERS: Doc = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: [],
  maxBSONDepth: 200,
  internalQueryMaxBlockingSortMemoryUsageBytes: 104857600,
};

function getParameter(ctx: CommandContext): Doc {
  const arg = ctx.body['getParameter'];
  if (arg === '*' || (typeof arg === 'object' && arg !== null && (arg as Doc)['allParameters'] === true)) return { ...PARAMETERS };
  const out: Doc = {};
  for (const k of Object.keys(ctx.body)) {
    if (k === 'getParameter' || k.startsWith('$') || k === 'lsid' || k === 'comment') continue;
    if (k in PARAMETERS) out[k] = PARAMETERS[k];
  }
  if (Object.keys(out).length === 0) fail(ErrorCode.InvalidOptions, 'no option found to get');
  return out;
}

function serverStatus(ctx: CommandContext): Doc {
  const s = ctx.stats;
  const uptimeMs = Date.now() - s.startedAt;
  return {
    host: `${os.hostname()}:${ctx.server.port}`,
    version: SERVER_VERSION,
    process: 'mongod',
    pid: Long.fromNumber(process.pid),
    uptime: new Double(uptimeMs / 1000),
    uptimeMillis: Long.fromNumber(uptimeMs),
    uptimeEstimate: Long.fromNumber(Math.floor(uptimeMs / 1000)),
    localTime: new Date(),
    connections: { current: s.connectionsCurrent, available: 1000, totalCreated: s.connectionsTotal },
    opcounters: { ...s.opcounters },
    mem: { bits: 64, resident: Math.round(process.memoryUsage().rss / 1048576), virtual: 0, supported: true },
    storageEngine: { name: 'devMemory', supportsCommittedReads: false, persistent: false },
    metrics: metrics(ctx),
    devServer: devServerStats(ctx),
  };
}

/** The parts of mongod's `serverStatus().metrics` the dev server keeps (NumberLong counters). */
function metrics(ctx: CommandContext): Doc {
  const s = ctx.stats;
  const commands: Doc = { '<UNKNOWN>': Long.fromNumber(s.unknownCommands) };
  for (const name of [...s.commands.keys()].sort()) {
    const c = s.commands.get(name);
    if (c) commands[name] = { failed: Long.fromNumber(c.failed), total: Long.fromNumber(c.total) };
  }
  return {
    commands,
    queryExecutor: {
      scanned: Long.fromNumber(s.keysExamined),
      scannedObjects: Long.fromNumber(s.docsExamined),
      collectionScans: { nonTailable: Long.fromNumber(s.collectionScans), total: Long.fromNumber(s.collectionScans) },
    },
  };
}

function devServerStats(ctx: CommandContext): Doc {
  const s = ctx.stats;
  return {
    docsExamined: Long.fromNumber(s.docsExamined),
    keysExamined: Long.fromNumber(s.keysExamined),
    indexLookups: Long.fromNumber(s.indexLookups),
    collectionScans: Long.fromNumber(s.collectionScans),
    openCursors: ctx.cursors.size,
  };
}

export const handshakeCommands: CommandTable = {
  hello: (ctx) => helloReply(ctx, false),
  isMaster: (ctx) => helloReply(ctx, true),
  ismaster: (ctx) => helloReply(ctx, true),
  ping: () => ({}),
  buildInfo: () => buildInfo(),
  buildinfo: () => buildInfo(),
  getParameter,
  serverStatus,
  devServerStats: (ctx) => devServerStats(ctx),
  hostInfo: () => ({
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuAddrSize: 64,
      memSizeMB: Long.fromNumber(Math.round(os.totalmem() / 1048576)),
      numCores: os.cpus().length,
      cpuArch: os.arch(),
      numaEnabled: false,
    },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: {},
  }),
  whatsmyuri: (ctx) => ({ you: ctx.connection.remote }),
  getLog: (ctx) =>
    ctx.body['getLog'] === '*' ? { names: ['global', 'startupWarnings'] } : { totalLinesWritten: 0, log: [] },
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
  getCmdLineOpts: (ctx) => ({
    argv: [...ctx.server.argv],
    parsed: { net: { bindIp: ctx.server.host, port: ctx.server.port } },
  }),
  endSessions: (ctx) => {
    ctx.sessions.end(ctx.body['endSessions']);
    return {};
  },
  killSessions: (ctx) => {
    ctx.sessions.end(ctx.body['killSessions']);
    return {};
  },
  refreshSessions: () => ({}),
  logout: () => ({}),
  getFreeMonitoringStatus: () => ({ state: 'disabled' }),
};
