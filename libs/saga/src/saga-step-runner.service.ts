/**
 * Runs one saga job: load the order (or, on a job's first run, take it from the job: see
 * `step-order.snapshot`), drop the job if the saga is no longer at the job's version
 * (stale or duplicate: counted, nothing else happens; a first run that took the order from its
 * job learns it from its first write, which the database refuses), execute the step, then advance the saga
 * with a version-guarded update and dispatch what comes next — together, as one commit, and not
 * once this process has handed its jobs back (`ShutdownState.commits`). A database that does not answer
 * (at any point of the job) is not the step's failure: the database watch hears of it and the
 * job ends in `DatabaseUnavailableError` (no attempt used, nothing written to the order).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import { STEP_OUTCOME, type StepJobData, type StepOutcomeName } from '@app/contracts';
import {
  CancelRequestedError,
  DatabaseUnavailableError,
  LockBusyError,
  ProviderUnavailableError,
  SAGA_PHASE,
  StepRejectedError,
  advanceSaga,
  exhaustedReasonOf,
  forwardStep,
  isCancellable,
  type HistoryEntry,
  type SagaState,
  type StepOrder,
  type StepOutcome,
} from '@app/domain';
import { BusySkuRepository, DatabaseClock, MetricsRepository, OrderRepository, isDatabaseUnavailable } from '@app/dal';
import { GATE_CLOSED, ShutdownState } from '@app/lifecycle';
import { DROP_REASON, MetricsRegistry, STEP_RUN_OUTCOME, type StepRunOutcome } from '@app/observability';
import { StepDispatcher } from '@app/queue';
import { ConsoleEventsPublisher } from './console-events.publisher';
import { DatabaseWatch } from './database-watch.service';
import { STEP_HANDLERS, type StepAttempt, type StepHandler } from './step-handler';
import { SAGA_METRIC, providerRetryMetric, terminalOrdersMetric } from './saga-metrics';
import { OrderTrends } from './trends/order-trends';
import { WORKER_CONFIG } from './worker-config.token';
import { orderForNextStep, orderFromJob } from './step-order.snapshot';

interface Executed {
  readonly outcome: StepOutcome;
  readonly fields: Record<string, unknown>;
  readonly error?: string;
}

@Injectable()
export class SagaStepRunner {
  private readonly logger = new Logger(SagaStepRunner.name);
  private readonly handlers: ReadonlyMap<string, StepHandler>;

  constructor(
    @Inject(STEP_HANDLERS) handlers: readonly StepHandler[],
    private readonly orders: OrderRepository,
    private readonly metrics: MetricsRepository,
    private readonly busySkus: BusySkuRepository,
    private readonly dispatcher: StepDispatcher,
    @Inject(WORKER_CONFIG) private readonly config: Pick<WorkerConfig, 'orderDeadlineMs' | 'providerRetry'>,
    private readonly clock: DatabaseClock,
    private readonly database: DatabaseWatch,
    private readonly consoleEvents: ConsoleEventsPublisher,
    private readonly prometheus: MetricsRegistry,
    private readonly trends: OrderTrends,
    private readonly shutdown: ShutdownState,
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.step, handler]));
  }

  /** Runs the job; observes how long it took and how it ended (`saga_step_duration_seconds`), unless it was dropped. */
  async run(job: StepJobData, attempt: StepAttempt): Promise<void> {
    const began = performance.now();
    let outcome: StepRunOutcome | null = null;
    try {
      outcome = await this.runStep(job, attempt);
    } catch (error) {
      outcome = runOutcomeOf(error);
      if (!isDatabaseUnavailable(error)) throw error;
      this.database.unavailable(error);
      throw new DatabaseUnavailableError(`${job.step} of ${job.orderId}: the database did not answer`, { cause: error });
    } finally {
      if (outcome !== null) {
        const ms = performance.now() - began;
        this.prometheus.stepRan(job.step, outcome, ms / 1_000);
        // Carries the job's fields (orderId, step, sagaVersion, jobId, attempt) like every line of the step.
        this.logger.debug(`${job.step} ${outcome} in ${Math.round(ms)} ms`);
      }
    }
  }

  /** How the step ended, or null when the job was dropped before it ran (stale, duplicate or orphaned). */
  private async runStep(job: StepJobData, attempt: StepAttempt): Promise<StepRunOutcome | null> {
    const order = orderFromJob(job, attempt) ?? (await this.orders.loadForStep(job.orderId));
    if (order === null) return this.dropped(SAGA_METRIC.JOBS_ORPHANED);
    if (order.saga.version !== job.version || order.saga.step !== job.step) return this.dropped(SAGA_METRIC.JOBS_STALE);

    const executed = await this.execute(order, job, attempt);
    const next = advanceSaga(order.saga, executed.outcome, order.cancelRequested ? order.cancelReason ?? 'CANCELLED_BY_CUSTOMER' : null);
    const entry: HistoryEntry = {
      step: job.step,
      outcome: outcomeName(executed.outcome),
      attempt: attempt.number,
      at: this.clock.now(),
      ...(executed.error !== undefined ? { error: executed.error } : {}),
    };
    // Not once this process has handed its jobs back: the replacement's run commits (see `CommitGate`).
    const committed = await this.shutdown.commits.commit(() => this.commit(order, job, next, entry, executed.fields));
    if (committed === GATE_CLOSED) return null;
    return committed === 'APPLIED' ? RUN_OUTCOME[executed.outcome.kind] : null;
  }

  /** Writes the transition (version-guarded) and dispatches what comes next; says whether it applied. */
  private async commit(order: StepOrder, job: StepJobData, next: SagaState, entry: HistoryEntry, fields: Record<string, unknown>): Promise<'APPLIED' | 'DROPPED'> {
    const result = await this.orders.transition(order._id, job.version, next, entry, fields, entry.at);
    // Another delivery of this job advanced the saga first (stale), or the order is gone.
    if (result !== 'APPLIED') {
      this.dropped(result === 'STALE' ? SAGA_METRIC.JOBS_STALE : SAGA_METRIC.JOBS_ORPHANED);
      return 'DROPPED';
    }
    this.consoleEvents.orderMoved();
    if (next.phase === SAGA_PHASE.DONE) {
      this.metrics.increment(terminalOrdersMetric(next.status));
      this.trends.orderEnded(next.status, next.reason, order.createdAt, entry.at);
      this.prometheus.orderFinished(next.status, next.reason, Math.max(0, entry.at.getTime() - order.createdAt.getTime()) / 1_000);
    }
    if (next.step !== null) await this.dispatcher.dispatch(order._id, next.step, next.version, orderForNextStep(order, next, fields, entry.at));
    return 'APPLIED';
  }

  private dropped(metric: typeof SAGA_METRIC.JOBS_STALE | typeof SAGA_METRIC.JOBS_ORPHANED): null {
    this.metrics.increment(metric);
    this.prometheus.jobDropped(metric === SAGA_METRIC.JOBS_STALE ? DROP_REASON.STALE : DROP_REASON.ORPHANED);
    return null;
  }

  /** Past ORDER_DEADLINE_MS since it was placed, and at a step that may still give up (before the pivot, or compensating). */
  private pastDeadline(order: StepOrder, now = this.clock.now()): boolean {
    if (now.getTime() - order.createdAt.getTime() < this.config.orderDeadlineMs) return false;
    return order.saga.phase === SAGA_PHASE.COMPENSATING || isCancellable(order.saga);
  }

  private async execute(order: StepOrder, job: StepJobData, attempt: StepAttempt): Promise<Executed> {
    if (order.cancelRequested && !order.pastPivot && forwardStep(job.step)?.cancellable === true) {
      return { outcome: { kind: 'CANCELLED', reason: order.cancelReason ?? 'CANCELLED_BY_CUSTOMER' }, fields: {} };
    }
    const handler = this.handlers.get(job.step);
    if (handler === undefined) throw new Error(`no handler for ${job.step} in this worker`);
    try {
      const result = await handler.execute({ order, attempt });
      return { outcome: { kind: 'SUCCEEDED' }, fields: result?.fields ?? {} };
    } catch (error) {
      if (error instanceof LockBusyError) {
        // Busy re-queues use up no attempt: the order's deadline bounds how long they may go on.
        if (this.pastDeadline(order)) return { outcome: { kind: 'TIMED_OUT' }, fields: {}, error: `${error.message} past the order's deadline` };
        this.metrics.increment(SAGA_METRIC.LOCKS_BUSY);
        if (error.sku !== undefined) this.busySkus.requeued(error.sku);
        this.prometheus.lockBusyRequeued(job.step);
        throw error;
      }
      if (error instanceof ProviderUnavailableError) return this.providerUnavailable(order, job, attempt, error);
      if (error instanceof StepRejectedError) return { outcome: { kind: 'FAILED', reason: error.reason, nothingToUndo: error.nothingToUndo }, fields: {}, error: error.message };
      // The cancel landed while the step ran, after this job loaded the order: read whose it was.
      if (error instanceof CancelRequestedError) return { outcome: { kind: 'CANCELLED', reason: (await this.orders.loadForStep(order._id))?.cancelReason ?? 'CANCELLED_BY_CUSTOMER' }, fields: {} };
      // Not the step's failure, even on its last attempt: `run` maps it.
      if (isDatabaseUnavailable(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (!attempt.final) {
        this.logger.warn(`${job.step} of ${order._id} failed (attempt ${attempt.number}), will retry: ${message}`);
        await this.orders.appendHistory(order._id, job.version, { step: job.step, outcome: STEP_OUTCOME.RETRYING, attempt: attempt.number, at: this.clock.now(), error: message });
        this.consoleEvents.orderMoved();
        this.metrics.increment(SAGA_METRIC.STEPS_RETRIED);
        this.prometheus.stepRetried(job.step);
        throw error;
      }
      this.logger.error(`${job.step} of ${order._id} failed on its last attempt: ${message}`);
      this.metrics.increment(SAGA_METRIC.STEPS_EXHAUSTED);
      return { outcome: { kind: 'FAILED', reason: exhaustedReasonOf(job.step) }, fields: {}, error: message };
    }
  }

  /**
   * A provider outage is waited out, not counted against the step's attempts: the job goes back
   * to the delayed set (the processor's backoff) until RETRY_WINDOW_MS since the outage began has
   * passed, then the step gives up (its exhausted reason: compensation before the pivot,
   * CAPTURE_FAILED for the capture, FAILED for a compensation). Before the pivot the order's
   * deadline bounds the wait too (TIMEOUT). Only the first failure of an outage goes into the
   * order's history; every one is counted.
   */
  private async providerUnavailable(order: StepOrder, job: StepJobData, attempt: StepAttempt, error: ProviderUnavailableError): Promise<Executed> {
    this.prometheus.providerError(error.provider, error.kind);
    this.trends.providerError(error.provider, this.clock.now());
    const forward = order.saga.phase === SAGA_PHASE.FORWARD;
    if (forward && this.pastDeadline(order)) return { outcome: { kind: 'TIMED_OUT' }, fields: {}, error: `${error.message} past the order's deadline` };
    if (attempt.providerFailingSince !== undefined && Date.now() - attempt.providerFailingSince >= this.config.providerRetry.windowMs) {
      this.logger.error(`${job.step} of ${order._id}: ${error.provider} still unavailable after RETRY_WINDOW_MS: ${error.message}`);
      this.metrics.increment(SAGA_METRIC.STEPS_EXHAUSTED);
      return { outcome: { kind: 'FAILED', reason: exhaustedReasonOf(job.step) }, fields: {}, error: `${error.provider} unavailable for RETRY_WINDOW_MS: ${error.message}` };
    }
    this.metrics.increment(providerRetryMetric(error.provider));
    if (attempt.providerFailingSince === undefined) {
      this.logger.warn(`${job.step} of ${order._id}: ${error.provider} unavailable, waiting it out: ${error.message}`);
      await this.orders.appendHistory(order._id, job.version, { step: job.step, outcome: STEP_OUTCOME.RETRYING, attempt: attempt.number, at: this.clock.now(), error: error.message });
    }
    throw error;
  }
}

function outcomeName(outcome: StepOutcome): StepOutcomeName {
  if (outcome.kind === 'SUCCEEDED') return STEP_OUTCOME.SUCCEEDED;
  if (outcome.kind === 'CANCELLED') return STEP_OUTCOME.CANCELLED;
  if (outcome.kind === 'TIMED_OUT') return STEP_OUTCOME.TIMED_OUT;
  return STEP_OUTCOME.FAILED;
}

const RUN_OUTCOME: Readonly<Record<StepOutcome['kind'], StepRunOutcome>> = {
  SUCCEEDED: STEP_RUN_OUTCOME.SUCCEEDED,
  FAILED: STEP_RUN_OUTCOME.FAILED,
  CANCELLED: STEP_RUN_OUTCOME.CANCELLED,
  TIMED_OUT: STEP_RUN_OUTCOME.TIMED_OUT,
};

/** How a run that threw ended: re-queued (busy lock, provider or database outage) or retried by BullMQ. */
function runOutcomeOf(error: unknown): StepRunOutcome {
  if (error instanceof LockBusyError) return STEP_RUN_OUTCOME.LOCK_BUSY;
  if (error instanceof ProviderUnavailableError) return STEP_RUN_OUTCOME.PROVIDER_UNAVAILABLE;
  if (isDatabaseUnavailable(error)) return STEP_RUN_OUTCOME.DATABASE_UNAVAILABLE;
  return STEP_RUN_OUTCOME.RETRYING;
}
