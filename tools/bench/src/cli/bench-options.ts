/** What one `npm run bench` invocation does: the flags, typed, with their defaults. */
export const SCENARIO = {
  /** Single-item orders (quantity 1) over 1,000 SKUs with plenty of stock. */
  SPREAD: 'spread',
  /** Every order on one SKU whose stock is half the orders: about half end OUT_OF_STOCK. */
  HOT: 'hot',
  /** Three distinct SKUs per order, drawn with overlap from a pool of 20. */
  BASKETS: 'baskets',
} as const;
export type ScenarioName = (typeof SCENARIO)[keyof typeof SCENARIO];
export const SCENARIO_NAMES: readonly ScenarioName[] = Object.values(SCENARIO);

export interface BenchOptions {
  readonly scenario: ScenarioName;
  readonly orders: number;
  /** Closed loop: orders kept in the system (submitted, not yet terminal). Ignored with `rate`. */
  readonly inflight: number;
  /** Open loop: a fixed arrival rate in orders/s; null for the closed loop. */
  readonly rate: number | null;
  readonly workersPerKind: number;
  /** WORKER_CONCURRENCY of every worker process. */
  readonly concurrency: number;
  /** COMPLETED orders inserted directly before each run (a collection that is not empty). */
  readonly preload: number;
  readonly runs: number;
  /** Orders each run's own processes serve before its measured window (on SKUs of their own); 0 for none. */
  readonly warmup: number;
  /** Every Nth order pays with tok_decline; 0 for none. */
  readonly declineEvery: number;
  /** Operator consoles kept open (live stream, orders view, one order's detail) during each measured run. */
  readonly consoles: number;
  /** Also run the hot-SKU load through the naive read-modify-write inventory worker. */
  readonly naive: boolean;
  /** Another file to write the JSON report to (besides bench-results/). */
  readonly json: string | null;
  readonly outDir: string;
  readonly quiet: boolean;
  /** How long a run may wait for its last orders to become terminal. */
  readonly drainTimeoutS: number;
  /** Write a V8 CPU profile of every product process (`node --cpu-prof`) under this folder, one subfolder per run; null for none. */
  readonly cpuProfDir: string | null;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  scenario: SCENARIO.SPREAD,
  orders: 3000,
  inflight: 64,
  rate: null,
  workersPerKind: 1,
  concurrency: 64,
  preload: 0,
  runs: 3,
  warmup: 3000,
  declineEvery: 20,
  consoles: 0,
  naive: false,
  json: null,
  outDir: 'bench-results',
  quiet: false,
  drainTimeoutS: 120,
  cpuProfDir: null,
};

/**
 * The warm-up defaults to as many orders as a measured run (at least 50): fresh processes took
 * about 20 s, some 2,000 orders of the spread load, to reach their steady rate on the 2-core
 * build machine (V8's optimizing compilers share the cores with the load).
 */
export function defaultWarmup(orders: number): number {
  return Math.max(50, orders);
}
