/**
 * CLI: node dist/tools/mongo-dev-server/src/main.js --port 27017 [--host 127.0.0.1] [--ttl-monitor-interval-ms 60000]
 * (env fallbacks: MONGO_DEV_PORT, MONGO_DEV_HOST, MONGO_DEV_TTL_MONITOR_MS).
 * Prints exactly one line `mongo-dev-server listening on mongodb://HOST:PORT` once ready;
 * exits 0 on SIGINT/SIGTERM after closing, 1 if it cannot start.
 */
import { startMongoDevServer } from './index';

function argValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const prefixed = argv.find((a) => a.startsWith(`${name}=`));
  return prefixed?.slice(name.length + 1);
}

function intOption(raw: string | undefined, what: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid ${what}: ${raw}`);
  return n;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const port = intOption(argValue(argv, '--port') ?? process.env['MONGO_DEV_PORT'], 'port') ?? 27017;
  const host = argValue(argv, '--host') ?? process.env['MONGO_DEV_HOST'] ?? '127.0.0.1';
  const ttl = intOption(argValue(argv, '--ttl-monitor-interval-ms') ?? process.env['MONGO_DEV_TTL_MONITOR_MS'], 'ttl monitor interval');
  const server = await startMongoDevServer({ port, host, ttlMonitorIntervalMs: ttl, argv: process.argv });
  process.stdout.write(`mongo-dev-server listening on mongodb://${host}:${server.port}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`mongo-dev-server failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
