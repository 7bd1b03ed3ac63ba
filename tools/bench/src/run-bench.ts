/**
 * `npm run bench` without the command line: R measured runs, and with --naive the hot-SKU load
 * through our inventory worker and the naive one side by side. Every run gets fresh processes,
 * database and queue prefix on the same MongoDB and Redis (MONGO_URL / REDIS_URL, as for the
 * tests), and warms its own processes up before its measured window (`--warmup`). Returns the
 * report; printing and writing it is the caller's.
 */
import { cpus, release, totalmem } from 'node:os';
import { loadTestConfig } from '@app/config';
import { SCENARIO, type BenchOptions } from './cli/bench-options';
import { median, medianFigures, medianRunIndex } from './report/median';
import { ProgressBar } from './report/progress-bar';
import type { BenchReport, ConsoleCost, NaiveComparison, RunResult } from './report/report.types';
import { BenchProbes } from './run/bench-probes';
import { runOnce, type RunPlan } from './run/bench-run';
import { buildScenario } from './scenario/scenario';
import { INVENTORY_VARIANT } from './system/bench-system';

export async function runBench(options: BenchOptions, stderr: NodeJS.WriteStream = process.stderr): Promise<BenchReport> {
  const config = loadTestConfig();
  const probes = await BenchProbes.open(config.mongoUrl, config.redisUrl);
  const progress = ProgressBar.for(stderr, options.quiet);
  try {
    const base: RunPlan = {
      label: '',
      scenario: buildScenario(options.scenario, options.orders),
      orders: options.orders,
      warmup: options.warmup,
      inflight: options.inflight,
      rate: options.rate,
      preload: options.preload,
      declineEvery: options.declineEvery,
      consoles: options.consoles,
      workersPerKind: options.workersPerKind,
      concurrency: options.concurrency,
      inventory: INVENTORY_VARIANT.OURS,
      drainTimeoutMs: options.drainTimeoutS * 1000,
      cpuProfDir: options.cpuProfDir,
    };
    const run = async (plan: RunPlan): Promise<RunResult> => {
      progress.note(`${plan.label}: ${plan.orders} orders, ${plan.scenario.name}, ${plan.workersPerKind} process(es) per worker kind, inventory ${plan.inventory}`);
      const result = await runOnce(plan, probes, progress);
      progress.note(`${plan.label}: ${result.sustained.ordersPerSecond.toFixed(1)} orders/s, p99 ${result.latencyMs.p99.toFixed(0)} ms, ${result.orders.terminal}/${result.orders.accepted} terminal`);
      return result;
    };
    const runs: RunResult[] = [];
    // With --consoles, runs alternate with and without them: on a machine whose speed drifts, only
    // runs of one sitting, interleaved, show what the consoles cost.
    for (let i = 1; i <= options.runs; i += 1) runs.push(await run({ ...base, ...consolesOfRun(options.consoles, i) }));
    const medianRun = medianRunIndex(runs);
    const naive = options.naive ? await naiveComparison(base, runs[medianRun], run) : null;
    const ours = [...runs, ...(naive === null ? [] : [naive.ours])];
    return {
      tool: 'saga-bench',
      reportVersion: 2,
      createdAt: new Date().toISOString(),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryMb: Math.round(totalmem() / 1_048_576), node: process.version, platform: process.platform, release: release() },
      target: {
        mongo: { kind: probes.mongoInfo.kind, version: probes.mongoInfo.version, measuredPid: probes.serverProcesses.find((p) => p.role.startsWith('mongo'))?.pid ?? null },
        redis: { version: probes.redisInfo.version, measuredPid: probes.serverProcesses.find((p) => p.role === 'redis')?.pid ?? null },
      },
      options,
      runs,
      median: medianFigures(runs),
      medianRun,
      consoleCost: consoleCost(runs),
      naive,
      checks: {
        allTerminal: ours.every((result) => result.orders.nonTerminal === 0 && result.orders.rejected === 0),
        noOversell: ours.every((result) => result.stock.ok),
      },
    };
  } finally {
    progress.stop();
    await probes.close();
  }
}

function consolesOfRun(consoles: number, index: number): Pick<RunPlan, 'label' | 'consoles'> {
  if (consoles === 0) return { label: `run ${index}`, consoles: 0 };
  return index % 2 === 1 ? { label: `run ${index} (${consoles} consoles)`, consoles } : { label: `run ${index} (no console)`, consoles: 0 };
}

/** Median orders/s of the runs with consoles against those without, in the same invocation. */
function consoleCost(runs: readonly RunResult[]): ConsoleCost | null {
  const withConsoles = runs.filter((run) => run.consoles !== null);
  const without = runs.filter((run) => run.consoles === null);
  const consoles = withConsoles[0]?.consoles?.consoles;
  if (consoles === undefined || without.length === 0) return null;
  const withRate = median(withConsoles.map((run) => run.sustained.ordersPerSecond));
  const withoutRate = median(without.map((run) => run.sustained.ordersPerSecond));
  const cpu = (group: readonly RunResult[]): number | null => {
    const values = group.map((run) => run.perOrder.cpuMs);
    return values.every((value): value is number => value !== null) ? median(values) : null;
  };
  return { consoles, runsWith: withConsoles.length, runsWithout: without.length, ordersPerSecondWith: withRate, ordersPerSecondWithout: withoutRate, cost: withoutRate > 0 ? 1 - withRate / withoutRate : 0, cpuMsPerOrderWith: cpu(withConsoles), cpuMsPerOrderWithout: cpu(without) };
}

/**
 * The hot-SKU load with at least two processes per worker kind, through our inventory worker
 * and through the naive one. A measured run that already is exactly that stands for ours.
 */
async function naiveComparison(base: RunPlan, medianRun: RunResult | undefined, run: (plan: RunPlan) => Promise<RunResult>): Promise<NaiveComparison> {
  const workersPerKind = Math.max(2, base.workersPerKind);
  const hot: RunPlan = { ...base, scenario: buildScenario(SCENARIO.HOT, base.orders), workersPerKind };
  const reusable = medianRun !== undefined && base.scenario.name === SCENARIO.HOT && base.workersPerKind === workersPerKind;
  const ours = reusable ? medianRun : await run({ ...hot, label: 'ours (hot)' });
  const naive = await run({ ...hot, label: 'naive (hot)', inventory: INVENTORY_VARIANT.NAIVE });
  return { ours, naive };
}
