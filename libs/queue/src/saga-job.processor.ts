/**
 * Base of every worker's BullMQ processor: the one place that maps what a step ended with onto
 * BullMQ. Returning = done. Two normal outcomes move the same job back to the delayed set with
 * an exponential, jittered delay (no sleeping, the worker takes other work) without using up an
 * attempt:
 *  - `LockBusyError` (an item lock is held), with the lock retry delays;
 *  - `ProviderUnavailableError` (the payment provider or the mail server is down or ambiguous),
 *    with the provider retry delays, never sooner than the error's `retryAfterMs` (an open
 *    circuit); the job remembers when its outage began (`providerFailingSince`), and the handler
 *    decides from `AttemptInfo` when the retry window is spent;
 *  - `DatabaseUnavailableError` (MongoDB did not answer), after a short jittered delay: the
 *    worker has stopped taking jobs until the database answers (the saga lib's database watch),
 *    so the job simply waits for it.
 * Anything else is thrown, and BullMQ retries it with backoff; the handler learns from
 * `AttemptInfo.final` when no retry is left, so that a step that keeps failing ends in the saga
 * (compensation) rather than in a dead job.
 *
 * A batch job (`StepBatchData`) runs each of its steps as above, at once, within the process's
 * step slots (`StepSlots`: WORKER_CONCURRENCY steps at most, alone or batched). A step that must
 * run again is queued again as its own job (`StepDispatcher.later`): after the same delay, with
 * the same counts, and with the attempts it has left (`attemptsBefore`); a step that threw on its
 * last attempt inside a batch is logged and left to the recovery sweep, as a failed job would be.
 * The batch job completes once every step has ended or been queued again; if that queueing
 * fails, the batch job fails and runs again whole (its steps that ended are dropped as stale).
 *
 * Shutdown (`beforeApplicationShutdown`, before MongoDB and Redis close): `worker.close()` stops
 * taking jobs and waits for the running ones; those still running at the shutdown state's
 * `handBackAt` are moved back to the wait list once the commit gate is closed (see
 * `InFlightJobs`). From then on a step that waited for a slot does not start, and nothing is
 * queued again from here: the handed-back jobs carry those steps.
 */
import { WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { isStepBatch, withoutOrder, type SagaJobData, type StepBatchData, type StepJobData } from '@app/contracts';
import { DatabaseUnavailableError, LockBusyError, ProviderUnavailableError } from '@app/domain';
import { runInStepJob } from '@app/observability';
import type { ShutdownState } from '@app/lifecycle';
import { InFlightJobs } from './in-flight-jobs';
import type { LaterStep, StepDispatcher } from './step-dispatcher.service';
import { StepSlots } from './step-slots';

/** Delay of a job that met a database outage: short, since the paused worker decides when it runs again. */
const DATABASE_RETRY_DELAY_MS = 500;

export interface AttemptInfo {
  readonly number: number;
  readonly final: boolean;
  /** When this job first met a provider outage (epoch ms), if it has. */
  readonly providerFailingSince?: number;
  /** The job's first start (BullMQ's `attemptsStarted` is 1): no earlier run of this job went before it. */
  readonly firstRun?: boolean;
}

export interface ProcessorSettings {
  /** Steps run at once in this process (WORKER_CONCURRENCY). */
  readonly concurrency: number;
  readonly lockRetryDelayMs: number;
  readonly lockRetryMaxDelayMs: number;
  readonly providerRetryDelayMs: number;
  readonly providerRetryMaxDelayMs: number;
}

/** How one step's run ended: done, to run again later without using up an attempt, or failed (an attempt used). */
type StepEnding = { readonly kind: 'DONE' } | { readonly kind: 'LATER'; readonly later: LaterStep; readonly error: unknown } | { readonly kind: 'FAILED'; readonly error: unknown };

const DONE: StepEnding = { kind: 'DONE' };

export abstract class SagaJobProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly inFlight = new InFlightJobs();
  private readonly slots: StepSlots;

  /** Steps this process is running now (or that wait for a slot), whether alone in a job or in a batch job. */
  get stepsInFlight(): number {
    return this.slots.inUse;
  }

  protected constructor(
    private readonly settings: ProcessorSettings,
    protected readonly shutdown: ShutdownState,
    private readonly dispatcher: StepDispatcher,
  ) {
    super();
    this.slots = new StepSlots(settings.concurrency);
  }

  protected abstract handle(data: StepJobData, attempt: AttemptInfo): Promise<void>;

  onApplicationBootstrap(): void {
    this.worker.run().catch((error: unknown) => this.logger.error(`worker stopped: ${String(error)}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    const running = this.inFlight.size;
    const outcome = await this.inFlight.drain(this.worker.close(), this.shutdown.msUntilHandBack(), this.shutdown.commits);
    // Printed whatever LOG_LEVEL is: operators and tests read how a worker let go of its jobs.
    if (outcome.drained) console.log(`${this.worker.name}: stopped taking jobs; ${running} running job(s) finished`);
    else console.log(`${this.worker.name}: stopped taking jobs; handed back ${outcome.handedBack} job(s) still running at the end of the grace period (${outcome.notHandedBack} left to the stalled-job check)`);
  }

  /** Tracks the job for the drain, and runs its step, or each step of a batch job. */
  process(job: Job<SagaJobData>, token?: string): Promise<void> {
    const data = job.data;
    return this.inFlight.track(job, token, () => (isStepBatch(data) ? this.processBatch(job, data) : this.processStep(job, data, token)));
  }

  private async processStep(job: Job<SagaJobData>, data: StepJobData, token: string | undefined): Promise<void> {
    const attempt = attemptInfo(job, data, (data.attemptsBefore ?? 0) + job.attemptsMade + 1, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
    const ending = await this.runStep(job, data, attempt);
    // Handed back meanwhile: the job runs again elsewhere, with its data as it was.
    if (ending.kind === 'DONE' || this.shutdown.commits.closed) return;
    if (ending.kind === 'FAILED' || token === undefined) throw ending.error;
    // Back to the delayed set, without using up an attempt.
    await job.updateData(ending.later.data);
    await job.moveToDelayed(Date.now() + ending.later.delayMs, token);
    throw new DelayedError();
  }

  private async processBatch(job: Job<SagaJobData>, batch: StepBatchData): Promise<void> {
    const endings = await Promise.all(
      batch.steps.map((data) => {
        const number = (data.attemptsBefore ?? 0) + 1;
        return this.runStep(job, data, attemptInfo(job, data, number, number >= this.dispatcher.maxAttempts));
      }),
    );
    // Handed back meanwhile: the batch job runs again whole elsewhere.
    if (this.shutdown.commits.closed) return;
    const later: LaterStep[] = [];
    batch.steps.forEach((data, index) => {
      const ending = endings[index];
      if (ending?.kind === 'LATER') later.push(ending.later);
      if (ending?.kind !== 'FAILED') return;
      const retry = this.dispatcher.retryOf(data);
      if (retry !== null) later.push(retry);
      else this.logger.error(`${data.step} of ${data.orderId} failed on its last attempt in batch job ${job.id ?? ''}; the recovery sweep takes the order back: ${String(ending.error)}`);
    });
    if (later.length > 0) await this.dispatcher.later(later);
  }

  /**
   * Runs one step in a step slot, in its log fields and trace span (see `runInStepJob`), and says
   * how it ended. A step whose job was handed back while it waited for its slot does not start
   * (DONE: nothing more for this process to do; the callers see the closed gate too).
   */
  private async runStep(job: Job<SagaJobData>, data: StepJobData, attempt: AttemptInfo): Promise<StepEnding> {
    const scope = { orderId: data.orderId, step: data.step, sagaVersion: data.version, jobId: job.id ?? '', attempt: attempt.number, queue: job.queueName };
    try {
      await this.slots.run(async () => {
        if (this.shutdown.commits.closed) return;
        await runInStepJob({ ...scope, ...(data.trace !== undefined ? { trace: data.trace } : {}) }, () => this.handle(data, attempt), isRequeued);
      });
      return DONE;
    } catch (error) {
      const later = this.laterOf(data, error);
      return later === null ? { kind: 'FAILED', error } : { kind: 'LATER', error, later };
    }
  }

  /** When and with what counts a step that met a normal outcome (busy lock, outage) runs again; null for a failure. */
  private laterOf(step: StepJobData, error: unknown): LaterStep | null {
    const data = withoutOrder(step);
    if (error instanceof LockBusyError) {
      const busyCount = (data.busyCount ?? 0) + 1;
      return { data: { ...data, busyCount }, delayMs: jitteredBackoff(busyCount, this.settings.lockRetryDelayMs, this.settings.lockRetryMaxDelayMs) };
    }
    if (error instanceof ProviderUnavailableError) {
      const providerRetries = (data.providerRetries ?? 0) + 1;
      const backoff = jitteredBackoff(providerRetries, this.settings.providerRetryDelayMs, this.settings.providerRetryMaxDelayMs);
      return { data: { ...data, providerRetries, providerFailingSince: data.providerFailingSince ?? Date.now() }, delayMs: (error.retryAfterMs ?? 0) + backoff };
    }
    if (error instanceof DatabaseUnavailableError) return { data, delayMs: jitteredBackoff(1, DATABASE_RETRY_DELAY_MS, DATABASE_RETRY_DELAY_MS * 2) };
    return null;
  }
}

function attemptInfo(job: Job<SagaJobData>, data: StepJobData, number: number, final: boolean): AttemptInfo {
  return { number, final, firstRun: job.attemptsStarted <= 1, ...(data.providerFailingSince !== undefined ? { providerFailingSince: data.providerFailingSince } : {}) };
}

/** The normal outcomes that send a step back to wait (not recorded as errors on its span). */
function isRequeued(error: unknown): boolean {
  return error instanceof LockBusyError || error instanceof ProviderUnavailableError || error instanceof DatabaseUnavailableError;
}

/** Exponential backoff with jitter over its upper half, capped: `count` = retries so far (1 = first). */
export function jitteredBackoff(count: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(count, 20));
  return Math.max(1, Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
}
