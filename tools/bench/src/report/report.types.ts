/** The JSON report (`bench-results/*.json`): what machines read. Every rate is per second, every latency in ms. */
import type { BenchOptions } from '../cli/bench-options';
import type { ConsoleQueryFigures } from '../console/console-queries';
import type { ConsoleFigures } from '../console/simulated-console';
import type { LatencySummary } from '../measure/latency-histogram';
import type { MongoKind } from '../measure/mongo-stats';
import type { OrderCounts, SeriesPoint, SustainedFigures } from '../measure/order-figures';
import type { StockCheck } from '../measure/stock-check';
import type { InventoryVariant } from '../system/bench-system';

export interface ProcessFigures {
  /** `order-api`, `inventory-worker#1`, ..., `mongo`, `redis`, `load generator`. */
  readonly role: string;
  readonly pid: number;
  /** CPU time (user + system) inside the measured window. */
  readonly cpuMs: number | null;
  readonly cpuMsPerOrder: number | null;
  /** write/writev system calls per order inside the measured window: the messages a process sends (and its log lines). */
  readonly writesPerOrder: number | null;
  /** VmHWM: peak resident memory since the process started. */
  readonly peakRssMb: number | null;
}

/** Server-side cost, as deltas over the measured window divided by the orders submitted, minus the load generator's own. */
export interface PerOrderFigures {
  readonly mongoCommands: number;
  readonly mongoCommandsByName: Readonly<Record<string, number>> | null;
  readonly docsExamined: number | null;
  readonly redisCommands: number;
  readonly redisCommandsByName: Readonly<Record<string, number>>;
  readonly lockBusyRequeues: number;
  /** CPU of every measured process (servers, product, load generator) per order. */
  readonly cpuMs: number | null;
}

export interface OrderTotals extends OrderCounts {
  /** POSTs sent. */
  readonly submitted: number;
  /** POSTs answered 202: the divisor of every per-order figure. */
  readonly accepted: number;
  readonly rejected: number;
  /** POSTs sent again (same Idempotency-Key) after a kept-alive socket was closed under them. */
  readonly retriedPosts: number;
}

export interface RunResult {
  readonly label: string;
  readonly inventory: InventoryVariant;
  readonly scenario: string;
  readonly workersPerKind: number;
  readonly concurrency: number;
  readonly startedAt: string;
  /** First POST to the last order seen terminal. */
  readonly wallS: number;
  /** Wall time of the run's phases: setup (database, stock, preload), boot, consoleReads, warmup (when there is one), measured, stop, readBack. */
  readonly phasesS: Readonly<Record<string, number>>;
  readonly orders: OrderTotals;
  readonly sustained: SustainedFigures;
  readonly latencyMs: LatencySummary;
  readonly postLatencyMs: LatencySummary;
  readonly perOrder: PerOrderFigures;
  readonly processes: readonly ProcessFigures[];
  /** How the product's counters (`metrics` collection) changed from the window's start until the workers stopped (flushed). */
  readonly counters: Readonly<Record<string, number>>;
  readonly stock: StockCheck;
  readonly rejections: readonly string[];
  readonly series: readonly SeriesPoint[];
  /** The console's reads, timed on the stored orders (after a recount) before the load. */
  readonly consoleQueries: ConsoleQueryFigures;
  /** The simulated consoles open during the measured window (`--consoles`); null for none. */
  readonly consoles: ConsoleFigures | null;
}

export interface MedianFigures {
  readonly ordersPerSecond: number;
  readonly completedPerSecond: number;
  readonly cancelledPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly perOrder: {
    readonly mongoCommands: number;
    readonly docsExamined: number | null;
    readonly redisCommands: number;
    readonly lockBusyRequeues: number;
    readonly cpuMs: number | null;
  };
}

/** `--consoles N`: the runs with N open consoles against those without, interleaved in one invocation. */
export interface ConsoleCost {
  readonly consoles: number;
  readonly runsWith: number;
  readonly runsWithout: number;
  readonly ordersPerSecondWith: number;
  readonly ordersPerSecondWithout: number;
  /** 1 - with / without: the share of throughput the consoles took. */
  readonly cost: number;
  readonly cpuMsPerOrderWith: number | null;
  readonly cpuMsPerOrderWithout: number | null;
}

export interface NaiveComparison {
  readonly ours: RunResult;
  readonly naive: RunResult;
}

export interface BenchReport {
  readonly tool: 'saga-bench';
  /** 2: every run warms its own processes up (`options.warmup` orders) instead of one warm-up run before the runs. */
  readonly reportVersion: 2;
  readonly createdAt: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryMb: number; readonly node: string; readonly platform: string; readonly release: string };
  readonly target: {
    readonly mongo: { readonly kind: MongoKind; readonly version: string; readonly measuredPid: number | null };
    readonly redis: { readonly version: string; readonly measuredPid: number | null };
  };
  readonly options: BenchOptions;
  readonly runs: readonly RunResult[];
  /** Figure by figure, the median of the measured runs. */
  readonly median: MedianFigures;
  /** Index (in `runs`) of the run with the median sustained orders/s: the one charted. */
  readonly medianRun: number;
  readonly consoleCost: ConsoleCost | null;
  readonly naive: NaiveComparison | null;
  /** Every order of our runs terminal, and no oversell. */
  readonly checks: { readonly allTerminal: boolean; readonly noOversell: boolean };
}
