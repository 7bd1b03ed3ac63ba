/** The median of the measured runs, figure by figure, and which run sits at the median. */
import type { MedianFigures, RunResult } from './report.types';

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function medianOrNull(values: readonly (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length === values.length ? median(present) : null;
}

export function medianFigures(runs: readonly RunResult[]): MedianFigures {
  const of = (pick: (run: RunResult) => number): number => median(runs.map(pick));
  return {
    ordersPerSecond: of((run) => run.sustained.ordersPerSecond),
    completedPerSecond: of((run) => run.sustained.completedPerSecond),
    cancelledPerSecond: of((run) => run.sustained.cancelledPerSecond),
    latencyMs: { p50: of((run) => run.latencyMs.p50), p95: of((run) => run.latencyMs.p95), p99: of((run) => run.latencyMs.p99), max: of((run) => run.latencyMs.max) },
    perOrder: {
      mongoCommands: of((run) => run.perOrder.mongoCommands),
      docsExamined: medianOrNull(runs.map((run) => run.perOrder.docsExamined)),
      redisCommands: of((run) => run.perOrder.redisCommands),
      lockBusyRequeues: of((run) => run.perOrder.lockBusyRequeues),
      cpuMs: medianOrNull(runs.map((run) => run.perOrder.cpuMs)),
    },
  };
}

/** The index of the run whose sustained orders/s is the median one (the lower middle for an even count). */
export function medianRunIndex(runs: readonly RunResult[]): number {
  const order = runs.map((run, index) => ({ index, rate: run.sustained.ordersPerSecond })).sort((a, b) => a.rate - b.rate);
  return order[Math.floor((order.length - 1) / 2)]?.index ?? 0;
}
