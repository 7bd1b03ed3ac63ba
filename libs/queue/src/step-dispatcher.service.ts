/**
 * Typed producer of saga step jobs. One job per saga version: the BullMQ job id is
 * `<orderId>.v<version>`, so dispatching the same version twice adds nothing while the first job
 * is still queued. Retries of technical failures use exponential backoff up to `maxAttempts`.
 * The dispatches of concurrent jobs of a process go to Redis together (`addBulk` per queue: one
 * round trip instead of one per job; see @app/batching). Each job carries the dispatcher's trace
 * context when tracing is on (`StepJobData.trace`).
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { Coalescer } from '@app/batching';
import { DEFAULT_RETENTION, retentionMs } from '@app/config';
import { QUEUE, stepJobId, type QueueName, type SagaStepName, type StepJobData } from '@app/contracts';
import { queueOf } from '@app/domain';
import { traceCarrier } from '@app/observability';
import { QUEUE_OPTIONS, type QueueOptions } from './queue.tokens';

const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'waiting-children', 'prioritized']);

@Injectable()
export class StepDispatcher {
  private readonly queues: Readonly<Record<QueueName, Queue<StepJobData>>>;
  private readonly adds = new Coalescer<StepJobData, void>((jobs) => this.addMany(jobs));

  constructor(
    @InjectQueue(QUEUE.INVENTORY) inventory: Queue<StepJobData>,
    @InjectQueue(QUEUE.PAYMENT) payment: Queue<StepJobData>,
    @InjectQueue(QUEUE.NOTIFICATION) notification: Queue<StepJobData>,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {
    this.queues = { [QUEUE.INVENTORY]: inventory, [QUEUE.PAYMENT]: payment, [QUEUE.NOTIFICATION]: notification };
  }

  /** Queues `step` of `orderId` at saga `version` (no-op while that job is still queued). */
  dispatch(orderId: string, step: SagaStepName, version: number): Promise<void> {
    return this.adds.submit(jobData(orderId, step, version));
  }

  private async addMany(jobs: readonly StepJobData[]): Promise<void[]> {
    const byQueue = new Map<QueueName, StepJobData[]>();
    for (const job of jobs) byQueue.set(queueOf(job.step), [...(byQueue.get(queueOf(job.step)) ?? []), job]);
    await Promise.all(
      [...byQueue].map(([queue, data]) => this.queues[queue].addBulk(data.map((job) => ({ name: job.step, data: job, opts: this.jobOptions(stepJobId(job.orderId, job.version)) })))),
    );
    return jobs.map(() => undefined);
  }

  /**
   * Re-dispatch for the recovery sweep, keeping one job per saga version, ever: when the
   * version's job is gone (lost with Redis, or removed) it is added again under the same id;
   * when it sits in the failed set it is moved back to wait with fresh attempts (BullMQ's
   * `retry` moves it only if it is still there, so two sweepers never make two copies); while it
   * is queued, delayed or running nothing happens. Returns true when the step was queued again.
   */
  async redispatch(orderId: string, step: SagaStepName, version: number): Promise<boolean> {
    const queue = this.queueFor(step);
    const jobId = stepJobId(orderId, version);
    const existing: Job<StepJobData> | undefined = await queue.getJob(jobId);
    if (existing === undefined) {
      await queue.add(step, jobData(orderId, step, version), this.jobOptions(jobId));
      return true;
    }
    const state = await existing.getState();
    if (LIVE_STATES.has(state)) return false;
    if (state !== 'failed') return false;
    try {
      await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    } catch {
      // Not in the failed set any more: another sweeper (or an operator) queued it first.
      return false;
    }
  }

  private queueFor(step: SagaStepName): Queue<StepJobData> {
    return this.queues[queueOf(step)];
  }

  private jobOptions(jobId: string): JobsOptions {
    return {
      jobId,
      attempts: this.options.maxAttempts,
      backoff: { type: 'exponential', delay: this.options.retryDelayMs },
      removeOnComplete: true,
      // Kept for people to read; nothing depends on them (the sweep adds a removed job again).
      // BullMQ applies both bounds whenever a job of the queue fails.
      removeOnFail: { age: retentionMs(this.options.failedJobRetentionDays ?? DEFAULT_RETENTION.failedJobDays) / 1000, count: 10_000 },
    };
  }
}

/** A job's data, with the caller's trace context when tracing is on (taken now, before the adds are coalesced). */
function jobData(orderId: string, step: SagaStepName, version: number): StepJobData {
  const trace = traceCarrier();
  return trace === undefined ? { orderId, step, version } : { orderId, step, version, trace };
}
