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
 * Shutdown (`beforeApplicationShutdown`, before MongoDB and Redis close): `worker.close()` stops
 * taking jobs and waits for the running ones; those still running at the shutdown state's
 * `handBackAt` are moved back to the wait list (see `InFlightJobs`).
 */
import { WorkerHost } from '@nestjs/bullmq';
import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import type { StepJobData } from '@app/contracts';
import { DatabaseUnavailableError, LockBusyError, ProviderUnavailableError } from '@app/domain';
import { runInStepJob } from '@app/observability';
import type { ShutdownState } from '@app/lifecycle';
import { InFlightJobs } from './in-flight-jobs';

/** Delay of a job that met a database outage: short, since the paused worker decides when it runs again. */
const DATABASE_RETRY_DELAY_MS = 500;

export interface AttemptInfo {
  readonly number: number;
  readonly final: boolean;
  /** When this job first met a provider outage (epoch ms), if it has. */
  readonly providerFailingSince?: number;
}

export interface ProcessorSettings {
  readonly lockRetryDelayMs: number;
  readonly lockRetryMaxDelayMs: number;
  readonly providerRetryDelayMs: number;
  readonly providerRetryMaxDelayMs: number;
}

export abstract class SagaJobProcessor extends WorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private readonly inFlight = new InFlightJobs();

  /** Jobs this process is running now. */
  get jobsInFlight(): number {
    return this.inFlight.size;
  }

  protected constructor(
    private readonly settings: ProcessorSettings,
    protected readonly shutdown: ShutdownState,
  ) {
    super();
  }

  protected abstract handle(data: StepJobData, attempt: AttemptInfo): Promise<void>;

  onApplicationBootstrap(): void {
    this.worker.run().catch((error: unknown) => this.logger.error(`worker stopped: ${String(error)}`));
  }

  async beforeApplicationShutdown(): Promise<void> {
    const running = this.inFlight.size;
    const outcome = await this.inFlight.drain(this.worker.close(), this.shutdown.msUntilHandBack());
    // Printed whatever LOG_LEVEL is: operators and tests read how a worker let go of its jobs.
    if (outcome.drained) console.log(`${this.worker.name}: stopped taking jobs; ${running} running job(s) finished`);
    else console.log(`${this.worker.name}: stopped taking jobs; handed back ${outcome.handedBack} job(s) still running at the end of the grace period (${outcome.notHandedBack} left to the stalled-job check)`);
  }

  /** Tracks the job for the drain, and runs it in its step's log fields and trace span (see `runInStepJob`). */
  process(job: Job<StepJobData>, token?: string): Promise<void> {
    const scope = { orderId: job.data.orderId, step: job.data.step, sagaVersion: job.data.version, jobId: job.id ?? '', attempt: job.attemptsMade + 1, queue: job.queueName };
    return this.inFlight.track(job, token, () =>
      runInStepJob({ ...scope, ...(job.data.trace !== undefined ? { trace: job.data.trace } : {}) }, () => this.processInScope(job, token), (error) => error instanceof DelayedError),
    );
  }

  private async processInScope(job: Job<StepJobData>, token: string | undefined): Promise<void> {
    const attemptsAllowed = job.opts.attempts ?? 1;
    const attempt: AttemptInfo = {
      number: job.attemptsMade + 1,
      final: job.attemptsMade + 1 >= attemptsAllowed,
      ...(job.data.providerFailingSince !== undefined ? { providerFailingSince: job.data.providerFailingSince } : {}),
    };
    try {
      await this.handle(job.data, attempt);
    } catch (error) {
      if (token === undefined) throw error;
      if (error instanceof LockBusyError) {
        const busyCount = (job.data.busyCount ?? 0) + 1;
        return this.requeue(job, token, { ...job.data, busyCount }, jitteredBackoff(busyCount, this.settings.lockRetryDelayMs, this.settings.lockRetryMaxDelayMs));
      }
      if (error instanceof ProviderUnavailableError) {
        const providerRetries = (job.data.providerRetries ?? 0) + 1;
        const data = { ...job.data, providerRetries, providerFailingSince: job.data.providerFailingSince ?? Date.now() };
        const backoff = jitteredBackoff(providerRetries, this.settings.providerRetryDelayMs, this.settings.providerRetryMaxDelayMs);
        return this.requeue(job, token, data, (error.retryAfterMs ?? 0) + backoff);
      }
      if (error instanceof DatabaseUnavailableError) return this.requeue(job, token, job.data, jitteredBackoff(1, DATABASE_RETRY_DELAY_MS, DATABASE_RETRY_DELAY_MS * 2));
      throw error;
    }
  }

  /** Moves the job back to the delayed set, `delayMs` from now, without using up an attempt. */
  private async requeue(job: Job<StepJobData>, token: string, data: StepJobData, delayMs: number): Promise<never> {
    await job.updateData(data);
    await job.moveToDelayed(Date.now() + delayMs, token);
    throw new DelayedError();
  }
}

/** Exponential backoff with jitter over its upper half, capped: `count` = retries so far (1 = first). */
export function jitteredBackoff(count: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(count, 20));
  return Math.max(1, Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
}
