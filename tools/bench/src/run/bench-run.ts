/**
 * One run, start to finish: a fresh database and queue prefix, the scenario's stock (and
 * preloaded orders), the system's processes, the console's reads timed on the stored orders,
 * the warm-up (the same processes serve `warmup` orders on SKUs of their own), the simulated
 * consoles opened, then the measured window — counters and /proc samples taken at both ends —
 * around the load, then a graceful stop (workers flush their counters), one read of the stored
 * orders, the stock check, and cleanup.
 */
import { resolve } from 'node:path';
import { MetricsRepository } from '@app/dal';
import { timeConsoleQueries, type ConsoleQueryFigures } from '../console/console-queries';
import { SimulatedConsoles, type ConsoleFigures } from '../console/simulated-console';
import { SAGA_METRIC } from '@app/saga';
import { createTestEnvironment, type TestEnvironment } from '@app/testing';
import type { LoadOutcome } from '../load/load-generator';
import { readFinalOrders } from '../measure/final-orders';
import type { MongoSnapshot } from '../measure/mongo-stats';
import { orderFigures } from '../measure/order-figures';
import { sampleProcess, type ProcessSample } from '../measure/process-stats';
import { OWN_CALLS_PER_WINDOW } from '../measure/redis-stats';
import { checkStock } from '../measure/stock-check';
import type { ProgressBar } from '../report/progress-bar';
import type { PerOrderFigures, ProcessFigures, RunResult } from '../report/report.types';
import type { Scenario } from '../scenario/scenario';
import { preloadOrders } from '../system/preload-orders';
import { seedStock } from '../system/seed-stock';
import { PhaseClock } from './phase-clock';
import { BenchSystem, type InventoryVariant, type RunningProcess } from '../system/bench-system';
import type { BenchProbes } from './bench-probes';
import { orderLoad } from './order-load';
import { warmUp } from './warm-up';

export interface RunPlan {
  readonly label: string;
  readonly scenario: Scenario;
  readonly orders: number;
  /** Orders the run's processes serve before the measured window; 0 for none. */
  readonly warmup: number;
  readonly inflight: number;
  readonly rate: number | null;
  readonly preload: number;
  readonly declineEvery: number;
  readonly consoles: number;
  readonly workersPerKind: number;
  readonly concurrency: number;
  readonly inventory: InventoryVariant;
  readonly drainTimeoutMs: number;
  /** Profiles of this run's processes go to `<cpuProfDir>/<label>/`; null for none. */
  readonly cpuProfDir: string | null;
}

interface WindowEnds {
  readonly mongo: MongoSnapshot;
  readonly redis: Record<string, number>;
  readonly processes: ReadonlyMap<number, ProcessSample>;
  readonly self: ProcessSample;
}

interface Measured {
  readonly outcome: LoadOutcome;
  readonly start: WindowEnds;
  readonly end: WindowEnds;
  /** Ids the poller asked about: the documents its queries made the server examine. */
  readonly idsQueried: number;
  /** MongoDB commands the bench's own client sent inside the window, by name. */
  readonly own: Readonly<Record<string, number>>;
  readonly startedAt: Date;
  readonly processes: readonly RunningProcess[];
  readonly retriedPosts: number;
  readonly consoleQueries: ConsoleQueryFigures;
  readonly consoles: ConsoleFigures | null;
  /** The product's counters when the window opened (after the warm-up). */
  readonly countersBefore: Readonly<Record<string, number>>;
}

export async function runOnce(plan: RunPlan, probes: BenchProbes, progress: ProgressBar): Promise<RunResult> {
  const clock = new PhaseClock();
  const env = await createTestEnvironment(`bench_${plan.inventory}`);
  try {
    const unitPrices = new Map(plan.scenario.stock.map((item) => [item.sku, item.unitPrice]));
    await seedStock(env.db, plan.scenario.stock);
    if (plan.preload > 0) await preloadOrders(env.db, plan.preload, plan.scenario, (sku) => unitPrices.get(sku) ?? 0);
    clock.lap('setup');
    const system = await BenchSystem.start(env, { workersPerKind: plan.workersPerKind, concurrency: plan.concurrency, inventory: plan.inventory, cpuProfDir: profileDirOf(plan) });
    clock.lap('boot');
    let measured: Measured;
    try {
      const consoleQueries = await timeConsoleQueries(system.apiUrl, system.adminToken);
      clock.lap('consoleReads');
      if (plan.warmup > 0) {
        await warmUp({ ...plan, orders: plan.warmup }, plan.label, env, system, probes, progress);
        clock.lap('warmup');
      }
      measured = await measure(plan, env, system, probes, progress, consoleQueries);
      clock.lap('measured');
    } finally {
      await system.stop();
      clock.lap('stop');
    }
    return await summarize(plan, env, probes, measured, clock);
  } finally {
    await env.cleanup();
  }
}

async function measure(plan: RunPlan, env: TestEnvironment, system: BenchSystem, probes: BenchProbes, progress: ProgressBar, consoleQueries: ConsoleQueryFigures): Promise<Measured> {
  const processes = [...system.processes(), ...probes.serverProcesses];
  const consoles = plan.consoles > 0 ? new SimulatedConsoles(plan.consoles, system.apiUrl, system.adminToken) : null;
  await consoles?.open();
  const { client, generator, poller } = orderLoad(plan, system.apiUrl, probes.mongoClient.db(env.dbName), 'bench');
  try {
    const countersBefore = await new MetricsRepository(env.db).all();
    const startedAt = new Date();
    const start = await windowEnd(probes, processes, () => probes.own.start());
    progress.start(plan.label, () => generator.progress());
    let outcome: LoadOutcome;
    try {
      outcome = await generator.run(poller);
    } finally {
      progress.stop();
    }
    const end = await windowEnd(probes, processes, () => undefined);
    probes.own.stop();
    const consoleFigures = consoles?.close() ?? null;
    return { outcome, start, end, idsQueried: poller.idsQueried, own: probes.own.counts(), startedAt, processes, retriedPosts: client.retried, consoleQueries, consoles: consoleFigures, countersBefore };
  } finally {
    client.close();
    consoles?.close();
  }
}

/**
 * Counters at one end of the window. MongoDB first: its serverStatus counts itself before
 * answering, so the first one is outside the delta and the last one inside (and counted as our
 * own, since counting starts right after the first). Redis counts INFO after running it: the
 * first INFO is inside the delta, the last one outside (OWN_CALLS_PER_WINDOW).
 */
async function windowEnd(probes: BenchProbes, processes: readonly RunningProcess[], afterMongo: () => void): Promise<WindowEnds> {
  const mongo = await probes.mongo.snapshot();
  afterMongo();
  const redis = await probes.redis.snapshot();
  return { mongo, redis, processes: new Map(processes.map((process) => [process.pid, sampleProcess(process.pid)])), self: sampleProcess('self') };
}

async function summarize(plan: RunPlan, env: TestEnvironment, probes: BenchProbes, measured: Measured, clock: PhaseClock): Promise<RunResult> {
  const { outcome, start, end } = measured;
  const orders = Math.max(1, outcome.acceptedIds.length);
  const counters = byNameDelta(measured.countersBefore, await new MetricsRepository(env.db).all(), {}, 1) ?? {};
  const finalOrders = await readFinalOrders(probes.mongoClient, env.dbName, outcome.acceptedIds);
  const figures = orderFigures(finalOrders);
  const stock = await checkStock(env.db, plan.scenario.stock, finalOrders);
  const processes = processFigures(measured.processes, start, end, orders);
  clock.lap('readBack');
  const cpuValues = processes.map((process) => process.cpuMs);
  const perOrder: PerOrderFigures = {
    mongoCommands: (end.mongo.commands - start.mongo.commands - sum(Object.values(measured.own))) / orders,
    mongoCommandsByName: byNameDelta(start.mongo.byName, end.mongo.byName, measured.own, orders),
    docsExamined: end.mongo.docsExamined === null || start.mongo.docsExamined === null ? null : (end.mongo.docsExamined - start.mongo.docsExamined - measured.idsQueried) / orders,
    redisCommands: (sum(Object.values(end.redis)) - sum(Object.values(start.redis)) - sum(Object.values(OWN_CALLS_PER_WINDOW))) / orders,
    redisCommandsByName: byNameDelta(start.redis, end.redis, OWN_CALLS_PER_WINDOW, orders) ?? {},
    lockBusyRequeues: (counters[SAGA_METRIC.LOCKS_BUSY] ?? 0) / orders,
    cpuMs: cpuValues.every((value): value is number => value !== null) ? sum(cpuValues) / orders : null,
  };
  return {
    label: plan.label,
    inventory: plan.inventory,
    scenario: plan.scenario.name,
    workersPerKind: plan.workersPerKind,
    concurrency: plan.concurrency,
    startedAt: measured.startedAt.toISOString(),
    wallS: (outcome.endedAt - outcome.startedAt) / 1000,
    phasesS: clock.laps(),
    orders: { submitted: outcome.acceptedIds.length + outcome.rejected, accepted: outcome.acceptedIds.length, rejected: outcome.rejected, retriedPosts: measured.retriedPosts, ...figures.counts },
    sustained: figures.sustained,
    latencyMs: figures.latencyMs,
    postLatencyMs: outcome.postLatency.summary(),
    perOrder,
    processes,
    counters,
    stock,
    rejections: outcome.rejections,
    series: figures.series,
    consoleQueries: measured.consoleQueries,
    consoles: measured.consoles,
  };
}

function processFigures(processes: readonly RunningProcess[], start: WindowEnds, end: WindowEnds, orders: number): ProcessFigures[] {
  const figures = processes.map(({ role, pid }) => figure(role, pid, start.processes.get(pid), end.processes.get(pid), orders));
  figures.push(figure('load generator', process.pid, start.self, end.self, orders));
  return figures;
}

function figure(role: string, pid: number, start: ProcessSample | undefined, end: ProcessSample | undefined, orders: number): ProcessFigures {
  const before = start?.cpuMs ?? null;
  const after = end?.cpuMs ?? null;
  const cpuMs = before !== null && after !== null ? after - before : null;
  const writesBefore = start?.writeCalls ?? null;
  const writesAfter = end?.writeCalls ?? null;
  const peakKb = end?.peakRssKb ?? null;
  return {
    role,
    pid,
    cpuMs,
    cpuMsPerOrder: cpuMs === null ? null : cpuMs / orders,
    writesPerOrder: writesBefore !== null && writesAfter !== null ? (writesAfter - writesBefore) / orders : null,
    peakRssMb: peakKb === null ? null : peakKb / 1024,
  };
}

function byNameDelta(start: Readonly<Record<string, number>> | null, end: Readonly<Record<string, number>> | null, own: Readonly<Record<string, number>>, orders: number): Record<string, number> | null {
  if (start === null || end === null) return null;
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(end)) {
    const delta = value - (start[name] ?? 0) - (own[name] ?? 0);
    if (delta !== 0) out[name] = delta / orders;
  }
  return out;
}

function sum(values: readonly (number | null)[]): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}

function profileDirOf(plan: RunPlan): string | null {
  return plan.cpuProfDir === null ? null : resolve(plan.cpuProfDir, plan.label.replace(/[^A-Za-z0-9-]+/g, '-'));
}
