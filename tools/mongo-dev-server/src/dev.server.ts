/**
 * The dev server: a TCP listener speaking the MongoDB wire protocol over one in-memory
 * StorageEngine, plus the TTL monitor (an unref'd interval, cleared on close).
 * `close()` stops accepting, destroys open client sockets and resolves when closed.
 */
import * as net from 'node:net';
import { CursorRegistry } from './cursors/cursor.registry';
import { LocalSessionCache } from './sessions/local-session.cache';
import { metricCommandNames } from './commands/command.dispatcher';
import { SERVER_VERSION } from './commands/handshake.commands';
import { seedSystemDatabases } from './storage/system-databases';
import { StorageEngine } from './storage/storage.engine';
import { ServerStats } from './util/server-stats';
import { handleConnection } from './wire/connection.handler';

export interface MongoDevServerOptions {
  /** TCP port; 0 (default) picks a free port. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** TTL monitor period in ms; default 60000 (mongod's default); 0 disables the monitor. */
  ttlMonitorIntervalMs?: number;
  /** argv reported by getCmdLineOpts. */
  argv?: readonly string[];
}

export interface MongoDevServer {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startMongoDevServer(options: MongoDevServerOptions = {}): Promise<MongoDevServer> {
  const host = options.host ?? '127.0.0.1';
  const stats = new ServerStats(metricCommandNames());
  const engine = new StorageEngine(stats);
  const cursors = new CursorRegistry();
  const sessions = new LocalSessionCache();
  const sockets = new Set<net.Socket>();
  const info = { host, port: 0, argv: options.argv ?? process.argv };
  seedSystemDatabases(engine, info.argv, SERVER_VERSION);
  let connectionIds = 0;

  const server = net.createServer((socket) => {
    sockets.add(socket);
    stats.connectionsCurrent++;
    stats.connectionsTotal++;
    socket.on('close', () => {
      sockets.delete(socket);
      stats.connectionsCurrent--;
    });
    handleConnection(socket, ++connectionIds, { engine, cursors, sessions, stats, server: info });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  info.port = port;

  const ttlInterval = options.ttlMonitorIntervalMs ?? 60_000;
  const ttlTimer = ttlInterval > 0 ? setInterval(() => engine.sweepExpired(), Math.max(10, ttlInterval)) : undefined;
  ttlTimer?.unref();

  let closing: Promise<void> | undefined;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    port,
    url: `mongodb://${urlHost}:${port}/?directConnection=true`,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        if (ttlTimer) clearInterval(ttlTimer);
        cursors.clear();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
