/**
 * Typed producer of saga step jobs. The dispatches of concurrent jobs of a process go to Redis
 * together (see @app/batching), and those for the same queue ride **one batch job** (up to
 * `STEP_BATCH_MAX` steps, `StepBatchData`): a BullMQ job costs about 40 Redis commands (add, move
 * to active, complete, events) whatever it carries, so a batch of n steps costs each order 1/n of
 * that. A dispatch alone is one job per saga version: the BullMQ job id is `<orderId>.v<version>`,
 * so dispatching the same version twice adds nothing while the first job is still queued; a step
 * inside a batch has no id of its own, and a second copy of it is dropped as stale when it runs
 * (every step is version-guarded). A step queued again for later (`later`: a busy lock, an
 * outage, a retry) is always its own job under its own id. Retries of technical failures use
 * exponential backoff up to `maxAttempts`. Each job carries the dispatcher's trace context when
 * tracing is on (`StepJobData.trace`).
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { Coalescer } from '@app/batching';
import { DEFAULT_RETENTION, retentionMs } from '@app/config';
import { QUEUE, STEP_BATCH_JOB, isStepBatch, stepJobId, withoutOrder, type QueueName, type SagaJobData, type SagaStepName, type StepJobData } from '@app/contracts';
import { queueOf } from '@app/domain';
import { traceCarrier } from '@app/observability';
import { QUEUE_OPTIONS, type QueueOptions } from './queue.tokens';

/**
 * BullMQ keeps a delayed job in the queue's `delayed` sorted set under the score
 * `runAt (ms) × 0x1000 + a counter` (its `getDelayedScore`): the time comes back by dividing.
 * `nextRunOf`'s test (the API's order detail) checks this against a real delayed job.
 */
const DELAYED_SCORE_SHIFT = 0x1000;

const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'waiting-children', 'prioritized']);

/** At most this many steps ride one batch job: a worker runs them at once, within its WORKER_CONCURRENCY. */
export const STEP_BATCH_MAX = 32;

/** A step to run again on its own job, `delayMs` from now. */
export interface LaterStep {
  readonly data: StepJobData;
  readonly delayMs: number;
}

interface BulkJob {
  readonly name: string;
  readonly data: SagaJobData;
  readonly opts: JobsOptions;
}

@Injectable()
export class StepDispatcher {
  private readonly queues: Readonly<Record<QueueName, Queue<SagaJobData>>>;
  private readonly adds = new Coalescer<StepJobData, void>((jobs) => this.addMany(jobs));

  constructor(
    @InjectQueue(QUEUE.INVENTORY) inventory: Queue<SagaJobData>,
    @InjectQueue(QUEUE.PAYMENT) payment: Queue<SagaJobData>,
    @InjectQueue(QUEUE.NOTIFICATION) notification: Queue<SagaJobData>,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueOptions,
  ) {
    this.queues = { [QUEUE.INVENTORY]: inventory, [QUEUE.PAYMENT]: payment, [QUEUE.NOTIFICATION]: notification };
  }

  /**
   * Queues `step` of `orderId` at saga `version` (alone: a no-op while that version's job is
   * still queued), with the order as the dispatching transition wrote it when the caller has it.
   */
  dispatch(orderId: string, step: SagaStepName, version: number, order?: Readonly<Record<string, unknown>>): Promise<void> {
    const data = jobData(orderId, step, version);
    return this.adds.submit(order === undefined ? data : { ...data, order });
  }

  /** Attempts a step may use in all (MAX_ATTEMPTS). */
  get maxAttempts(): number {
    return this.options.maxAttempts;
  }

  /**
   * The next attempt of a step that failed inside a batch job: its own job, after the backoff
   * BullMQ gives a job's retry, with the attempts it has left; null when that was its last.
   */
  retryOf(data: StepJobData): LaterStep | null {
    const used = (data.attemptsBefore ?? 0) + 1;
    if (used >= this.options.maxAttempts) return null;
    return { data: { ...withoutOrder(data), attemptsBefore: used }, delayMs: this.options.retryDelayMs * 2 ** (used - 1) };
  }

  /** Queues each step again as its own job (its own id), `delayMs` from now, with the attempts it has left. */
  async later(steps: readonly LaterStep[]): Promise<void> {
    await Promise.all(
      [...groupByQueue(steps, (step) => step.data.step)].map(([queue, group]) =>
        this.queues[queue].addBulk(group.map(({ data, delayMs }) => this.singleJob(data, delayMs))),
      ),
    );
  }

  private async addMany(jobs: readonly StepJobData[]): Promise<void[]> {
    await Promise.all([...groupByQueue(jobs, (job) => job.step)].map(([queue, group]) => this.queues[queue].addBulk(this.bulkOf(group))));
    return jobs.map(() => undefined);
  }

  /** One job for a step alone; batch jobs of at most STEP_BATCH_MAX steps for several. */
  private bulkOf(steps: readonly StepJobData[]): BulkJob[] {
    const jobs: BulkJob[] = [];
    for (let start = 0; start < steps.length; start += STEP_BATCH_MAX) {
      const chunk = steps.slice(start, start + STEP_BATCH_MAX);
      jobs.push(chunk.length === 1 && chunk[0] !== undefined ? this.singleJob(chunk[0]) : { name: STEP_BATCH_JOB, data: { steps: chunk }, opts: this.jobOptions() });
    }
    return jobs;
  }

  private singleJob(data: StepJobData, delayMs = 0): BulkJob {
    const opts = this.jobOptions(stepJobId(data.orderId, data.version), data.attemptsBefore ?? 0);
    return { name: data.step, data, opts: delayMs > 0 ? { ...opts, delay: delayMs } : opts };
  }

  /**
   * Re-dispatch for the recovery sweep, keeping one job per saga version, ever: when the
   * version's job is gone (lost with Redis, or removed) it is added again under the same id;
   * when it sits in the failed set it is moved back to wait with fresh attempts (BullMQ's
   * `retry` moves it only if it is still there, so two sweepers never make two copies); while it
   * is queued, delayed or running nothing happens. A step that waits inside a batch job has no id
   * to find: it is added again, and whichever copy runs second is dropped as stale. Returns true
   * when the step was queued again.
   */
  async redispatch(orderId: string, step: SagaStepName, version: number): Promise<boolean> {
    const queue = this.queueFor(step);
    const jobId = stepJobId(orderId, version);
    const existing: Job<SagaJobData> | undefined = await queue.getJob(jobId);
    if (existing === undefined) {
      const job = this.singleJob(jobData(orderId, step, version));
      await queue.add(job.name, job.data, job.opts);
      return true;
    }
    const state = await existing.getState();
    if (LIVE_STATES.has(state)) return false;
    if (state !== 'failed') return false;
    try {
      // Its next start counts as a first one again: it reads the order afresh, like any copy the sweep makes.
      if (!isStepBatch(existing.data) && existing.data.order !== undefined) await existing.updateData(withoutOrder(existing.data));
      await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    } catch {
      // Not in the failed set any more: another sweeper (or an operator) queued it first.
      return false;
    }
  }

  /** When the job of `step` at saga `version` runs next, if it waits in the delayed set (a retry or re-queue with backoff); null otherwise. One Redis command. */
  async nextRunOf(orderId: string, step: SagaStepName, version: number): Promise<Date | null> {
    const queue = this.queueFor(step);
    const score = await (await queue.client).zscore(queue.toKey('delayed'), stepJobId(orderId, version));
    return score === null ? null : new Date(Math.floor(Number(score) / DELAYED_SCORE_SHIFT));
  }

  private queueFor(step: SagaStepName): Queue<SagaJobData> {
    return this.queues[queueOf(step)];
  }

  /** A step's job options under its id, with the attempts it has left; without an id, a batch job's (BullMQ numbers it). */
  private jobOptions(jobId?: string, attemptsBefore = 0): JobsOptions {
    return {
      ...(jobId !== undefined ? { jobId } : {}),
      attempts: Math.max(1, this.options.maxAttempts - attemptsBefore),
      backoff: { type: 'exponential', delay: this.options.retryDelayMs },
      removeOnComplete: true,
      // Kept for people to read; nothing depends on them (the sweep adds a removed job again).
      // BullMQ applies both bounds whenever a job of the queue fails.
      removeOnFail: { age: retentionMs(this.options.failedJobRetentionDays ?? DEFAULT_RETENTION.failedJobDays) / 1000, count: 10_000 },
    };
  }
}

function groupByQueue<T>(items: readonly T[], stepOf: (item: T) => SagaStepName): Map<QueueName, T[]> {
  const groups = new Map<QueueName, T[]>();
  for (const item of items) {
    const queue = queueOf(stepOf(item));
    const group = groups.get(queue);
    if (group === undefined) groups.set(queue, [item]);
    else group.push(item);
  }
  return groups;
}

/** A job's data, with the caller's trace context when tracing is on (taken now, before the adds are coalesced). */
function jobData(orderId: string, step: SagaStepName, version: number): StepJobData {
  const trace = traceCarrier();
  return trace === undefined ? { orderId, step, version } : { orderId, step, version, trace };
}
