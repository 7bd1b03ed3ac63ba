/**
 * libs/saga — the orchestrator: persists each saga in its order document (version + step
 * history), advances it with version-guarded conditional updates, dispatches the next step or
 * compensation, and recovers sagas whose job was lost.
 *
 * Which mechanism covers which failure:
 *
 * | failure                                         | covered by                                                                 |
 * |-------------------------------------------------|----------------------------------------------------------------------------|
 * | a job runs twice (duplicate delivery, retry,     | every step is idempotent in the database: reservation ledger `_id`        |
 * |   recovery re-dispatch), even at the same time   | `<order>:<sku>` + per-order hold guard in the stock filter; the payment   |
 * |                                                  | provider's Idempotency-Keys `authorize-<order>`, `capture-<order>`;       |
 * |                                                  | notification outbox `_id` `<order>:<type>` with a lease. The transition   |
 * |                                                  | is applied only if `saga.version` still matches: the loser is a no-op,    |
 * |                                                  | counted as stale.                                                         |
 * | a stale/late job for an older version            | version check before the step and in the transition filter (dropped,      |
 * |                                                  | counted: `saga.jobs.stale_dropped`); RELEASED tombstones stop a late      |
 * |                                                  | reserve from holding stock for a cancelled order. A first run that read   |
 * |                                                  | the order from its job (`step-order.snapshot`) meets it at its first      |
 * |                                                  | write instead: the pivot claim, the fenced pass, the outbox claim.        |
 * | the process dies between any two lines           | each write is single-document atomic and each step is re-runnable; the    |
 * |                                                  | BullMQ job is retried (stalled-job check) and the recovery sweep          |
 * |                                                  | re-dispatches sagas whose step has not moved for STUCK_AFTER_MS.          |
 * | Redis loses a job (or the process dies between   | the order document is the source of truth: the recovery sweep claims      |
 * |   the transition and the dispatch)               | stuck sagas atomically (`dispatchedAt` stamp) and queues the step again.  |
 * | an item lock is held by another worker           | normal outcome: the job is moved back to delayed with backoff+jitter and  |
 * |                                                  | the worker takes other work (`inventory.locks.busy_requeued`).            |
 * | a lock stays busy (busy re-queues use up no      | the order deadline (ORDER_DEADLINE_MS from `createdAt`): past it, a busy  |
 * |   attempt)                                       | step before the pivot cancels the order (TIMEOUT); a busy compensation    |
 * |                                                  | ends FAILED (COMPENSATION_STALLED) with its compensations kept.           |
 * | a step's job ends in BullMQ's failed set         | the sweep moves that same job back to wait (one job id per saga version,  |
 * |                                                  | so never two copies of a step).                                           |
 * | a lock holder stalls past its lock's TTL         | lock expiry is decided by `expiresAt` in the acquire filter; each holder  |
 * |                                                  | takes a new `fence` on the item under a lease that ends with its lock,    |
 * |                                                  | and every stock write requires it: the stalled holder's late writes       |
 * |                                                  | change nothing, and it cannot take a fence that shuts the holder out.     |
 * |                                                  | Ledger records are never deleted; E11000 is re-read, never inferred.      |
 * | the payment provider times out (ambiguous)       | the retry uses the same Idempotency-Key: the provider answers with the    |
 * |                                                  | authorization it made, never a second one.                                |
 * | an authorization lands after the order was       | money moves only at CAPTURE_PAYMENT, after the pivot; VOID_PAYMENT        |
 * |   cancelled (late request, paused worker)        | replays the authorization (same key and parameters: the provider answers  |
 * |                                                  | with it, or 409 while it is in progress, and the void waits) and cancels  |
 * |                                                  | every hold of the order.                                                  |
 * | the payment provider or mail server is down      | ProviderUnavailableError: the job is delayed with backoff without using   |
 * |                                                  | an attempt, for RETRY_WINDOW_MS; a circuit breaker per provider stops     |
 * |                                                  | calls while it is open; before the pivot ORDER_DEADLINE_MS still bounds   |
 * |                                                  | the wait. A final 4xx is compensated at once (PAYMENT_REJECTED).          |
 * | MongoDB stops answering (frozen, unreachable,     | every wait on it is bounded (WORKER_DB_TIMEOUT_MS); the step runner maps  |
 * |   network gone)                                  | a database that did not answer to DatabaseUnavailableError: no attempt,   |
 * |                                                  | no history entry, the job back to delayed. The DatabaseWatch pauses the   |
 * |                                                  | BullMQ worker (not waiting for running jobs), pings with backoff and      |
 * |                                                  | resumes it at the first answer; the sweep skips meanwhile. Writes that    |
 * |                                                  | reached the server before it froze apply later: steps are idempotent.     |
 * | a step keeps failing technically                 | BullMQ retries with exponential backoff up to MAX_ATTEMPTS; the last      |
 * |                                                  | attempt turns into a saga failure (STEP_EXHAUSTED) and compensation.      |
 * | a compensation cannot finish                     | retried the same way; then the order is FAILED with the original reason   |
 * |                                                  | kept and the compensations left, and an operator's retry resumes them.    |
 * | a worker's clock is off                          | leases, expiries and stamps use the database's clock (DatabaseClock:      |
 * |                                                  | offset to the server's `localTime`, re-measured every minute).            |
 * | cancel races the pivot (COMMIT_STOCK)            | both are conditional updates of the order: cancel needs `pastPivot:       |
 * |                                                  | false`, the pivot needs `cancelRequested: false`; exactly one wins.       |
 */
export { SagaWorkerModule, type SagaWorkerOptions } from './saga-worker.module';
export { WORKER_CONFIG } from './worker-config.token';
export { ProviderCircuits, circuitOpenedMetric } from './provider-circuits.service';
export { DatabaseWatch, type DatabaseWatchSettings, type JobIntake } from './database-watch.service';
export { SagaStepRunner } from './saga-step-runner.service';
export { SagaRecoveryService, RECOVERY_OPTIONS, type RecoveryOptions } from './saga-recovery.service';
export { STEP_HANDLERS, type StepAttempt, type StepContext, type StepHandler, type StepResult } from './step-handler';
export { SAGA_METRIC, providerRetryMetric, terminalOrdersMetric, type SagaMetric } from './saga-metrics';
export { OrderTrends, TREND_GROUP, UNKNOWN_REASON } from './trends/order-trends';
export { LATENCY_BOUNDS_MS, OVERFLOW_BUCKET, addCounts, latencyBucket, latencyPercentile } from './trends/latency-histogram';
export { logLevelsFrom, runWorker } from './worker-bootstrap';
export { ConsoleEventsModule } from './console-events.module';
export { ConsoleEventsPublisher, type ConsoleEventsOptions } from './console-events.publisher';
export { SagaHealthModule } from './health/saga-health.module';
export { ReadinessChecks, READY_CHECK_TIMEOUT_MS } from './health/readiness-checks.service';
export { QueueConsumers, type ConsumerState } from './health/queue-consumers';
export { SagaGaugesModule } from './gauges/saga-gauges.module';
export { SagaGauges, type SagaGaugeOptions } from './gauges/saga-gauges.service';
export { HEARTBEAT_MS, WorkerHeartbeat, type WorkerIdentity } from './worker-heartbeat.service';
