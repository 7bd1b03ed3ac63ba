/**
 * Base of every worker's BullMQ processor: the one place that maps what a step ended with onto
 * BullMQ. Returning = done. `LockBusyError` = a normal outcome: the same job is moved back to
 * the delayed set with an exponential, jittered delay (no sleeping, the worker takes other work)
 * and does not use up an attempt. Anything else is thrown, and BullMQ retries it with backoff;
 * the handler learns from `AttemptInfo.final` when no retry is left, so that a step that keeps
 * failing ends in the saga (compensation) rather than in a dead job.
 */
import { WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import type { StepJobData } from '@app/contracts';
import { LockBusyError } from '@app/domain';

export interface AttemptInfo {
  readonly number: number;
  readonly final: boolean;
}

export interface ProcessorSettings {
  readonly lockRetryDelayMs: number;
  readonly lockRetryMaxDelayMs: number;
}

export abstract class SagaJobProcessor extends WorkerHost implements OnApplicationBootstrap {
  protected readonly logger = new Logger(this.constructor.name);

  protected constructor(private readonly settings: ProcessorSettings) {
    super();
  }

  protected abstract handle(data: StepJobData, attempt: AttemptInfo): Promise<void>;

  onApplicationBootstrap(): void {
    this.worker.run().catch((error: unknown) => this.logger.error(`worker stopped: ${String(error)}`));
  }

  async process(job: Job<StepJobData>, token?: string): Promise<void> {
    const attemptsAllowed = job.opts.attempts ?? 1;
    const attempt: AttemptInfo = { number: job.attemptsMade + 1, final: job.attemptsMade + 1 >= attemptsAllowed };
    try {
      await this.handle(job.data, attempt);
    } catch (error) {
      if (!(error instanceof LockBusyError) || token === undefined) throw error;
      const busyCount = (job.data.busyCount ?? 0) + 1;
      await job.updateData({ ...job.data, busyCount });
      await job.moveToDelayed(Date.now() + this.busyDelay(busyCount), token);
      throw new DelayedError();
    }
  }

  /** Exponential backoff with full jitter, capped, for a job that found a lock busy. */
  private busyDelay(busyCount: number): number {
    const ceiling = Math.min(this.settings.lockRetryMaxDelayMs, this.settings.lockRetryDelayMs * 2 ** Math.min(busyCount, 16));
    return Math.max(1, Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
  }
}
