/**
 * Benchmark (not a test): guarded `findOneAndUpdate({_id, n: {$gte: 1}}, {$inc: {n: -1}})`
 * from 8 forked client processes against a dev server started in-process (or --url /
 * MONGO_URL, loopback only).
 *   1. hot: 8 × 500 decrements of one counter starting at 4,000 → must end at exactly 0 with
 *      exactly 4,000 successes; then 8 × 25 more attempts must all return null (PASS/FAIL).
 *   2. spread: 10,000 documents, 8 × 5,000 ops on random ids → ops/s, p50/p99;
 *   3. the same spread workload through a minimal OP_MSG client (no driver), showing the
 *      server's own capacity, since on 2 cores the driver's client CPU dominates.
 * Prints a table, writes reports/mongo-dev-server-bench.json, exits 1 on FAIL.
 * An untimed warm-up (8 × 4,000 ops on a separate document; V8 needs a few thousand operations
 * per process to optimise the driver) precedes the measured phases.
 * Usage: node dist/tools/mongo-dev-server/bench/guarded-inc.bench.js [--url URL] [--concurrency N] [--spread-ops N] [--warmup-ops N]
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { startMongoDevServer } from '../src/index';
import { RawWireClient } from './raw-wire.client';

const CLIENTS = 8;
const HOT_START = 4000;
const HOT_OPS_PER_CLIENT = 500;
const HOT_EXTRA_PER_CLIENT = 25;
const SPREAD_DOCS = 10_000;
const PHASE_TIMEOUT_MS = 180_000;

type Counter = { _id: number | string; n: number };

interface WorkOrder {
  readonly type: 'run';
  readonly url: string;
  readonly db: string;
  readonly ops: number;
  /** Ids to pick from uniformly at random; a single id for the hot phase. */
  readonly ids: readonly (number | string)[];
  readonly concurrency: number;
  /** 'driver': official MongoClient; 'raw': minimal OP_MSG client (server cost only). */
  readonly client: 'driver' | 'raw';
}

interface WorkResult {
  readonly type: 'result';
  readonly successes: number;
  readonly nulls: number;
  readonly errors: number;
  readonly latenciesMs: number[];
  readonly startedAt: number;
  readonly finishedAt: number;
  /** CPU time (user+system) the worker spent in the phase. */
  readonly cpuMs: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

// ---------------------------------------------------------------- worker role
function worker(): void {
  let client: MongoClient | undefined;
  process.on('message', (raw: unknown) => {
    const msg = raw as WorkOrder | { type: 'exit' };
    if (msg.type === 'exit') {
      void (client ? client.close() : Promise.resolve()).finally(() => process.exit(0));
      return;
    }
    void (async () => {
      /** One operation on lane `lane` (0..concurrency-1); each lane has its own connection in raw mode. */
      let attempt: (id: number | string, lane: number) => Promise<boolean>;
      const raws: RawWireClient[] = [];
      if (msg.client === 'raw') {
        const target = new URL(msg.url.replace(/^mongodb:/, 'http:'));
        for (let i = 0; i < msg.concurrency; i++) raws.push(await RawWireClient.connect(target.hostname, Number(target.port)));
        attempt = async (id, lane) => {
          const conn = raws[lane]; // one request in flight per connection
          const reply = await conn.command({ findAndModify: 'counters', query: { _id: id, n: { $gte: 1 } }, update: { $inc: { n: -1 } }, new: true, $db: msg.db });
          if (reply['ok'] !== 1) throw new Error(String(reply['errmsg']));
          return reply['value'] !== null;
        };
      } else {
        client ??= await MongoClient.connect(msg.url, { maxPoolSize: Math.max(1, msg.concurrency) });
        const c = client.db(msg.db).collection<Counter>('counters');
        await c.findOne({ _id: -1 }); // warm the connection
        attempt = async (id) => (await c.findOneAndUpdate({ _id: id, n: { $gte: 1 } }, { $inc: { n: -1 } }, { returnDocument: 'after' })) !== null;
      }
      let successes = 0;
      let nulls = 0;
      let errors = 0;
      const latencies: number[] = [];
      let issued = 0;
      const startedAt = Date.now();
      const cpu0 = process.cpuUsage();
      const loop = async (lane: number): Promise<void> => {
        while (issued < msg.ops) {
          issued++;
          const id = msg.ids[Math.floor(Math.random() * msg.ids.length)];
          const t0 = process.hrtime.bigint();
          try {
            if (await attempt(id, lane)) successes++;
            else nulls++;
          } catch {
            errors++;
          }
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      };
      await Promise.all(Array.from({ length: msg.concurrency }, (_, lane) => loop(lane)));
      for (const r of raws) r.close();
      const cpu = process.cpuUsage(cpu0);
      const result: WorkResult = {
        type: 'result',
        successes,
        nulls,
        errors,
        latenciesMs: latencies,
        startedAt,
        finishedAt: Date.now(),
        cpuMs: (cpu.user + cpu.system) / 1000,
      };
      process.send?.(result);
    })().catch((err: unknown) => {
      process.stderr.write(`worker failed: ${String(err)}\n`);
      process.exit(2);
    });
  });
  process.send?.({ type: 'ready' });
}

// ---------------------------------------------------------------- coordinator role
interface PhaseStats {
  readonly name: string;
  readonly ops: number;
  readonly successes: number;
  readonly nulls: number;
  readonly errors: number;
  readonly seconds: number;
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Client-side CPU per operation (all workers), to tell driver cost from server cost. */
  readonly clientCpuUsPerOp: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function startWorkers(): Promise<ChildProcess[]> {
  return Promise.all(
    Array.from(
      { length: CLIENTS },
      () =>
        new Promise<ChildProcess>((resolve, reject) => {
          const child = fork(__filename, ['--role', 'worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
          child.once('message', () => resolve(child));
          child.once('error', reject);
        }),
    ),
  );
}

async function runPhase(name: string, workers: ChildProcess[], order: Omit<WorkOrder, 'type'>): Promise<PhaseStats> {
  const results = await Promise.race([
    Promise.all(
      workers.map(
        (w) =>
          new Promise<WorkResult>((resolve, reject) => {
            w.once('message', (m: unknown) => resolve(m as WorkResult));
            w.once('exit', (code) => reject(new Error(`worker exited with ${String(code)}`)));
            w.send({ type: 'run', ...order } satisfies WorkOrder);
          }),
      ),
    ),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${name}: timed out`)), PHASE_TIMEOUT_MS).unref()),
  ]);
  for (const w of workers) w.removeAllListeners('exit');
  const start = Math.min(...results.map((r) => r.startedAt));
  const end = Math.max(...results.map((r) => r.finishedAt));
  const lat = results.flatMap((r) => r.latenciesMs).sort((a, b) => a - b);
  const ops = lat.length;
  const seconds = Math.max(0.001, (end - start) / 1000);
  return {
    name,
    ops,
    successes: results.reduce((s, r) => s + r.successes, 0),
    nulls: results.reduce((s, r) => s + r.nulls, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
    seconds,
    opsPerSec: Math.round(ops / seconds),
    p50Ms: Number(percentile(lat, 50).toFixed(3)),
    p99Ms: Number(percentile(lat, 99).toFixed(3)),
    clientCpuUsPerOp: Math.round((results.reduce((s, r) => s + r.cpuMs, 0) * 1000) / Math.max(1, ops)),
  };
}

function assertLoopback(url: string): void {
  const host = new URL(url.replace(/^mongodb(\+srv)?:/, 'http:')).hostname;
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host)) throw new Error(`refusing non-loopback target ${host}`);
}

async function coordinator(): Promise<number> {
  const concurrency = Number(arg('--concurrency') ?? 1);
  const spreadOps = Number(arg('--spread-ops') ?? 5000);
  const warmupOps = Number(arg('--warmup-ops') ?? 4000);
  const external = arg('--url') ?? process.env['MONGO_URL'];
  const server = external ? undefined : await startMongoDevServer({ port: 0 });
  const url = external ?? (server as { url: string }).url;
  assertLoopback(url);
  const dbName = `bench_${randomBytes(4).toString('hex')}`;
  const client = await MongoClient.connect(url);
  const c = client.db(dbName).collection<Counter>('counters');
  const workers = await startWorkers();
  let pass = false;
  const phases: PhaseStats[] = [];
  const checks: Record<string, unknown> = {};
  try {
    // untimed warm-up so the measured phases see JIT-compiled driver and server code
    await c.insertOne({ _id: 'warmup', n: 1_000_000_000 });
    const warmup = await runPhase('warm-up (1 doc, not a result)', workers, { url, db: dbName, ops: warmupOps, ids: ['warmup'], concurrency, client: 'driver' });
    checks['warmupOps'] = warmup.ops;
    phases.push(warmup);
    await c.insertOne({ _id: 'hot', n: HOT_START });
    const hot = await runPhase('hot (1 doc)', workers, { url, db: dbName, ops: HOT_OPS_PER_CLIENT, ids: ['hot'], concurrency, client: 'driver' });
    const afterHot = (await c.findOne({ _id: 'hot' }))?.n;
    const extra = await runPhase('hot past zero', workers, { url, db: dbName, ops: HOT_EXTRA_PER_CLIENT, ids: ['hot'], concurrency, client: 'driver' });
    const afterExtra = (await c.findOne({ _id: 'hot' }))?.n;
    phases.push(hot, extra);
    Object.assign(checks, {
      hotFinalValue: afterHot,
      hotSuccesses: hot.successes,
      hotErrors: hot.errors,
      pastZeroSuccesses: extra.successes,
      pastZeroFinalValue: afterExtra,
    });
    pass = afterHot === 0 && hot.successes === HOT_START && hot.errors === 0 && extra.successes === 0 && extra.errors === 0 && afterExtra === 0;

    const docs = Array.from({ length: SPREAD_DOCS }, (_, i) => ({ _id: i, n: 1_000_000_000 }));
    await c.insertMany(docs);
    const ids = docs.map((d) => d._id);
    const spread = await runPhase(`spread (${SPREAD_DOCS} docs)`, workers, { url, db: dbName, ops: spreadOps, ids, concurrency, client: 'driver' });
    phases.push(spread);
    // same workload through a minimal wire client: what the server sustains without driver cost
    const raw = await runPhase(`spread, raw wire client`, workers, { url, db: dbName, ops: spreadOps, ids, concurrency, client: 'raw' });
    phases.push(raw);
    const total = await c.aggregate<{ s: number }>([{ $match: { _id: { $gte: 0 } } }, { $group: { _id: null, s: { $sum: '$n' } } }]).toArray();
    checks['spreadDecrementsAccounted'] = SPREAD_DOCS * 1_000_000_000 - (total[0]?.s ?? 0) === spread.successes + raw.successes;
    pass = pass && spread.errors === 0 && raw.errors === 0 && checks['spreadDecrementsAccounted'] === true;
  } finally {
    for (const w of workers) w.send({ type: 'exit' });
    await client.db(dbName).dropDatabase().catch(() => undefined);
    await client.close();
    if (server) await server.close();
  }

  const rows = phases.map((p) => [
    p.name,
    String(p.ops),
    String(p.successes),
    String(p.opsPerSec),
    p.p50Ms.toFixed(2),
    p.p99Ms.toFixed(2),
    String(p.clientCpuUsPerOp),
  ]);
  const header = ['phase', 'ops', 'ok', 'ops/s', 'p50 ms', 'p99 ms', 'client cpu µs/op'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i]).length)));
  const line = (cells: string[]): string => cells.map((cell, i) => cell.padStart(widths[i])).join('  ');
  console.log(`guarded findOneAndUpdate $inc — ${CLIENTS} client processes × concurrency ${concurrency} — target ${external ? url : 'in-process dev server'}`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  console.log(`exactness (${HOT_START} → 0 with exactly ${HOT_START} successes, none past zero): ${pass ? 'PASS' : 'FAIL'} ${JSON.stringify(checks)}`);

  const report = {
    generatedAt: new Date().toISOString(),
    target: external ? 'external' : 'in-process mongo-dev-server',
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    clients: CLIENTS,
    concurrencyPerClient: concurrency,
    phases,
    checks,
    result: pass ? 'PASS' : 'FAIL',
  };
  const dir = path.resolve(__dirname, '..', '..', '..', '..', 'reports');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'mongo-dev-server-bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  return pass ? 0 : 1;
}

if (arg('--role') === 'worker') {
  worker();
} else {
  coordinator().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`bench failed: ${err instanceof Error ? err.stack : String(err)}`);
      process.exit(1);
    },
  );
}
