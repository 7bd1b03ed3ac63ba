/**
 * Every Prometheus metric this product exports, by name: the Grafana dashboard and the alert
 * rules in `deploy/` may name only these (checked in `npm test`). Labels are bounded sets
 * (steps, statuses, reasons, queues, providers, error kinds): never an order id or a SKU.
 */
export const METRIC = {
  /** Histogram {step, outcome}: one run of a step's job, from load to transition (or to the error that re-queues it). */
  STEP_DURATION: 'saga_step_duration_seconds',
  /** Histogram {queue}: saga steps per BullMQ job a worker takes (1 for a step's own job; a batch job carries the steps dispatched together). */
  JOB_STEPS: 'saga_job_steps',
  /** Histogram {status}: from the order's `createdAt` to its terminal transition. */
  ORDER_LATENCY: 'saga_order_latency_seconds',
  /** Counter {status, reason}: sagas that reached COMPLETED, CANCELLED or FAILED (`reason` `none` when completed). */
  ORDERS_FINISHED: 'saga_orders_finished_total',
  /** Counter: orders accepted by the API (not idempotent replays). */
  ORDERS_PLACED: 'saga_orders_placed_total',
  /** Counter {step}: technical failures of a step that BullMQ retries (an attempt used). */
  STEP_RETRIES: 'saga_step_retries_total',
  /** Counter {reason}: jobs dropped as `stale` (the saga moved past their version: duplicates, late jobs) or `orphaned` (no order). */
  JOBS_DROPPED: 'saga_jobs_dropped_total',
  /** Counter {step}: jobs that found an item lock busy and went back to the delayed set. */
  LOCK_BUSY_REQUEUES: 'saga_lock_busy_requeues_total',
  /** Counter {step}: steps the recovery sweep queued again. */
  RECOVERY_REDISPATCHES: 'saga_recovery_redispatches_total',
  /** Counter {provider, kind}: transient failures of the payment provider or the mail server. */
  PROVIDER_ERRORS: 'saga_provider_errors_total',
  /** Gauge {queue, state}: BullMQ jobs per state (waiting, active, delayed, failed), read on scrape. */
  QUEUE_JOBS: 'saga_queue_jobs',
  /** Gauge {status}: sagas in each non-terminal status, read on scrape (API only). */
  SAGAS_IN_FLIGHT: 'saga_sagas_in_flight',
  /** Gauge {status}: age of the oldest saga in each non-terminal status, read on scrape (API only). */
  OLDEST_IN_FLIGHT_AGE: 'saga_oldest_in_flight_age_seconds',
  /** Gauge {provider}: this process's circuit to the provider: 0 closed, 1 half-open, 2 open (workers only). */
  CIRCUIT_STATE: 'saga_provider_circuit_state',
  /** Counter {source}: scrapes whose gauge source (Redis, MongoDB) failed: those gauges were left out. */
  GAUGE_SOURCE_ERRORS: 'saga_gauge_source_errors_total',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** How one run of a step's job ended (the `outcome` label of STEP_DURATION). */
export const STEP_RUN_OUTCOME = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TIMED_OUT: 'timed_out',
  /** A technical error: BullMQ retries the job (or, on the last attempt, the step failed: `failed`). */
  RETRYING: 'retrying',
  LOCK_BUSY: 'lock_busy',
  PROVIDER_UNAVAILABLE: 'provider_unavailable',
  DATABASE_UNAVAILABLE: 'database_unavailable',
} as const;
export type StepRunOutcome = (typeof STEP_RUN_OUTCOME)[keyof typeof STEP_RUN_OUTCOME];

export const DROP_REASON = { STALE: 'stale', ORPHANED: 'orphaned' } as const;
export type DropReason = (typeof DROP_REASON)[keyof typeof DROP_REASON];

/** The value of CIRCUIT_STATE per circuit state name. */
export const CIRCUIT_STATE_VALUE: Readonly<Record<string, number>> = { closed: 0, 'half-open': 1, open: 2 };
