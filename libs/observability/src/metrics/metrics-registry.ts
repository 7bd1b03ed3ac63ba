/**
 * The one Prometheus registry of a process (prom-client): Node's default metrics plus the saga's
 * counters, histograms and scrape-time gauges, every series labelled `app`.
 *
 * Contract:
 *  - Event methods (`stepRan`, `orderFinished`, ...) only touch memory: no I/O, no allocation
 *    beyond prom-client's label lookup (measured: `libs/observability/bench/metrics-cost.bench.ts`).
 *  - Gauges read their source on scrape through a `ScrapeCache` (at most one read per
 *    GAUGE_CACHE_MS, however many scrapers); a source that fails leaves its gauges out of that
 *    scrape and counts GAUGE_SOURCE_ERRORS; a gauge whose source is not set (e.g. the sagas in
 *    flight, in a worker) reports no series.
 *  - Labels are bounded sets given by the callers (steps, statuses, reasons, queues, providers,
 *    error kinds); never an order id or a SKU.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ScrapeCache } from './scrape-cache';
import { CIRCUIT_STATE_VALUE, METRIC, type DropReason, type StepRunOutcome } from './metric-name';

/** Scrape-time gauges are read at most this often. */
export const GAUGE_CACHE_MS = 5_000;

const STEP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const JOB_STEP_BUCKETS = [1, 2, 4, 8, 16, 32];
const ORDER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 1_800];

/** Jobs per state, per queue name. */
export type QueueDepths = Readonly<Record<string, Readonly<Record<string, number>>>>;

export interface SagaGaugeReading {
  /** Sagas per non-terminal status. */
  readonly inFlight: Readonly<Record<string, number>>;
  /** Age in seconds of the oldest saga per non-terminal status (statuses with none left out). */
  readonly oldestAgeSeconds: Readonly<Record<string, number>>;
}

export interface MetricsRegistryOptions {
  /** The `app` label of every series (`order-api`, `inventory-worker`, ...). */
  readonly app: string;
  /** Node's process metrics (CPU, memory, event loop lag, GC); on in every process. */
  readonly defaultMetrics?: boolean;
}

type Source<T> = { cache: ScrapeCache<T> } | undefined;

export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly stepDuration: Histogram<'step' | 'outcome'>;
  private readonly jobSteps: Histogram<'queue'>;
  private readonly orderLatency: Histogram<'status'>;
  private readonly ordersFinished: Counter<'status' | 'reason'>;
  private readonly ordersPlaced: Counter;
  private readonly stepRetries: Counter<'step'>;
  private readonly jobsDropped: Counter<'reason'>;
  private readonly lockBusy: Counter<'step'>;
  private readonly redispatches: Counter<'step'>;
  private readonly providerErrors: Counter<'provider' | 'kind'>;
  private readonly sourceErrors: Counter<'source'>;
  private queues: Source<QueueDepths>;
  private sagas: Source<SagaGaugeReading>;
  private circuits: (() => Readonly<Record<string, string>>) | undefined;

  constructor(options: MetricsRegistryOptions) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ app: options.app });
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.stepDuration = new Histogram({ name: METRIC.STEP_DURATION, help: 'One run of a saga step job, by step and how it ended', labelNames: ['step', 'outcome'], buckets: STEP_BUCKETS, registers });
    this.jobSteps = new Histogram({ name: METRIC.JOB_STEPS, help: 'Saga steps per BullMQ job taken (a batch job carries the steps dispatched together)', labelNames: ['queue'], buckets: JOB_STEP_BUCKETS, registers });
    this.orderLatency = new Histogram({ name: METRIC.ORDER_LATENCY, help: 'From an order being placed to its saga ending, by final status', labelNames: ['status'], buckets: ORDER_BUCKETS, registers });
    this.ordersFinished = new Counter({ name: METRIC.ORDERS_FINISHED, help: 'Sagas that ended, by final status and reason', labelNames: ['status', 'reason'], registers });
    this.ordersPlaced = new Counter({ name: METRIC.ORDERS_PLACED, help: 'Orders accepted by the API (idempotent replays not counted)', registers });
    this.stepRetries = new Counter({ name: METRIC.STEP_RETRIES, help: 'Technical failures of a step that are retried (an attempt used)', labelNames: ['step'], registers });
    this.jobsDropped = new Counter({ name: METRIC.JOBS_DROPPED, help: 'Step jobs dropped: stale (duplicate or late) or orphaned (no order)', labelNames: ['reason'], registers });
    this.lockBusy = new Counter({ name: METRIC.LOCK_BUSY_REQUEUES, help: 'Step jobs that found an item lock busy and were re-queued with a delay', labelNames: ['step'], registers });
    this.redispatches = new Counter({ name: METRIC.RECOVERY_REDISPATCHES, help: 'Steps the recovery sweep queued again', labelNames: ['step'], registers });
    this.providerErrors = new Counter({ name: METRIC.PROVIDER_ERRORS, help: 'Transient failures of an outside provider (payment, mail), by kind', labelNames: ['provider', 'kind'], registers });
    this.defineGauges(registers);
    // After the gauges: a scrape serializes metrics in this order, so that this counts the scrape's own failures.
    this.sourceErrors = new Counter({ name: METRIC.GAUGE_SOURCE_ERRORS, help: 'Scrapes whose gauge source failed (those gauges were left out)', labelNames: ['source'], registers });
  }

  stepRan(step: string, outcome: StepRunOutcome, seconds: number): void {
    this.stepDuration.observe({ step, outcome }, seconds);
  }

  jobTaken(queue: string, steps: number): void {
    this.jobSteps.observe({ queue }, steps);
  }

  orderFinished(status: string, reason: string | null, seconds: number): void {
    this.ordersFinished.inc({ status, reason: reason ?? 'none' });
    this.orderLatency.observe({ status }, seconds);
  }

  orderPlaced(): void {
    this.ordersPlaced.inc();
  }

  stepRetried(step: string): void {
    this.stepRetries.inc({ step });
  }

  jobDropped(reason: DropReason): void {
    this.jobsDropped.inc({ reason });
  }

  lockBusyRequeued(step: string): void {
    this.lockBusy.inc({ step });
  }

  recoveryRedispatched(step: string): void {
    this.redispatches.inc({ step });
  }

  providerError(provider: string, kind: string): void {
    this.providerErrors.inc({ provider, kind });
  }

  /** Where QUEUE_JOBS comes from (one Redis round trip per queue, at most once per GAUGE_CACHE_MS). */
  observeQueues(read: () => Promise<QueueDepths>): void {
    this.queues = { cache: new ScrapeCache(read, GAUGE_CACHE_MS) };
  }

  /** Where SAGAS_IN_FLIGHT and OLDEST_IN_FLIGHT_AGE come from (index-backed queries, at most once per GAUGE_CACHE_MS). */
  observeSagas(read: () => Promise<SagaGaugeReading>): void {
    this.sagas = { cache: new ScrapeCache(read, GAUGE_CACHE_MS) };
  }

  /** Where CIRCUIT_STATE comes from: circuit state name per provider, from memory. */
  observeCircuits(read: () => Readonly<Record<string, string>>): void {
    this.circuits = read;
  }

  /** The exposition text (Prometheus' text format). */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every series name a query may use: each metric's name, and a histogram's `_bucket`, `_sum` and `_count`. */
  async seriesNames(): Promise<Set<string>> {
    const names = new Set<string>();
    for (const metric of await this.registry.getMetricsAsJSON()) {
      names.add(metric.name);
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    }
    return names;
  }

  private defineGauges(registers: Registry[]): void {
    const reading = async <T>(source: Source<T>, name: string): Promise<T | undefined> => {
      if (source === undefined) return undefined;
      try {
        return await source.cache.get();
      } catch {
        this.sourceErrors.inc({ source: name });
        return undefined;
      }
    };
    const queues = (): Source<QueueDepths> => this.queues;
    const sagas = (): Source<SagaGaugeReading> => this.sagas;
    const circuits = (): (() => Readonly<Record<string, string>>) | undefined => this.circuits;
    new Gauge({
      name: METRIC.QUEUE_JOBS,
      help: 'BullMQ jobs per queue and state (waiting, active, delayed, failed), read on scrape',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        this.reset();
        const depths = await reading(queues(), 'queues');
        for (const [queue, states] of Object.entries(depths ?? {})) for (const [state, count] of Object.entries(states)) this.set({ queue, state }, count);
      },
    });
    const sagaGauge = (name: string, help: string, pick: (reading: SagaGaugeReading) => Readonly<Record<string, number>>): Gauge<'status'> =>
      new Gauge({
        name,
        help,
        labelNames: ['status'],
        registers,
        async collect() {
          this.reset();
          const value = await reading(sagas(), 'sagas');
          for (const [status, count] of Object.entries(value === undefined ? {} : pick(value))) this.set({ status }, count);
        },
      });
    sagaGauge(METRIC.SAGAS_IN_FLIGHT, 'Sagas per non-terminal status, read on scrape', (value) => value.inFlight);
    sagaGauge(METRIC.OLDEST_IN_FLIGHT_AGE, 'Age of the oldest saga per non-terminal status, read on scrape', (value) => value.oldestAgeSeconds);
    new Gauge({
      name: METRIC.CIRCUIT_STATE,
      help: "This process's circuit to an outside provider: 0 closed, 1 half-open, 2 open",
      labelNames: ['provider'],
      registers,
      collect() {
        this.reset();
        for (const [provider, state] of Object.entries(circuits()?.() ?? {})) this.set({ provider }, CIRCUIT_STATE_VALUE[state] ?? 0);
      },
    });
  }
}
