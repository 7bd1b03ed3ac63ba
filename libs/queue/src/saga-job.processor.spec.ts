/**
 * A batch job against a real Redis: each of its steps runs as if it were its own job; a step that
 * met a busy lock or an outage, or failed with attempts left, is queued again as its own job
 * (its version's id, delayed, with its counts and the attempts it has left); a step that ended is
 * not; one that failed on its last attempt is left to the recovery sweep. Once the process has
 * handed its jobs back, a step still waiting for a slot never starts and nothing is queued again.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Queue, Worker, type Job } from 'bullmq';
import { QUEUE, SAGA_STEP, isStepBatch, stepJobId, type SagaJobData, type StepJobData } from '@app/contracts';
import { LockBusyError, ProviderUnavailableError } from '@app/domain';
import { ShutdownState } from '@app/lifecycle';
import { createTestEnvironment, type TestEnvironment } from '@app/testing';
import { redisOptionsFromUrl } from './redis-connection';
import { SagaJobProcessor, type AttemptInfo } from './saga-job.processor';
import { StepDispatcher } from './step-dispatcher.service';

const SETTINGS = { concurrency: 2, lockRetryDelayMs: 1_000, lockRetryMaxDelayMs: 1_000, providerRetryDelayMs: 1_000, providerRetryMaxDelayMs: 1_000 };

/** Each order's step ends as its id says; records the attempt each step ran with and how many ran at once. */
class ScriptedProcessor extends SagaJobProcessor {
  readonly attempts = new Map<string, AttemptInfo>();
  running = 0;
  peak = 0;

  constructor(steps: StepDispatcher) {
    super(SETTINGS, new ShutdownState(10_000), steps);
  }

  protected async handle(data: StepJobData, attempt: AttemptInfo): Promise<void> {
    this.attempts.set(data.orderId, attempt);
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.running -= 1;
    if (data.orderId.startsWith('ord_busy')) throw new LockBusyError('SKU-1', 'SKU-1');
    if (data.orderId.startsWith('ord_outage')) throw new ProviderUnavailableError('payment', 'provider down');
    if (data.orderId.startsWith('ord_fail')) throw new Error('unexpected');
  }

  run(job: Job<SagaJobData>): Promise<void> {
    return this.process(job);
  }

  /** What the drain does at the hand-back, before it moves the running jobs back to the queue. */
  handBack(): Promise<void> {
    return this.shutdown.commits.close();
  }
}

describe('a batch job', () => {
  let env: TestEnvironment;
  let queues: [Queue<SagaJobData>, Queue<SagaJobData>, Queue<SagaJobData>];

  before(async () => {
    env = await createTestEnvironment('batch-job');
    const connection = redisOptionsFromUrl(env.redisUrl);
    queues = [QUEUE.INVENTORY, QUEUE.PAYMENT, QUEUE.NOTIFICATION].map((name) => new Queue<SagaJobData>(name, { connection, prefix: env.queuePrefix })) as typeof queues;
  });

  beforeEach(async () => {
    await Promise.all(queues.map((queue) => queue.obliterate({ force: true })));
  });

  after(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await env.cleanup();
  });

  async function batchOf(steps: StepDispatcher, orderIds: readonly string[]): Promise<Job<SagaJobData>> {
    await Promise.all(orderIds.map((orderId) => steps.dispatch(orderId, SAGA_STEP.RESERVE_STOCK, 1, { _id: orderId })));
    const [batch, ...others] = await queues[0].getWaiting();
    assert.equal(others.length, 0);
    assert.ok(batch !== undefined && isStepBatch(batch.data));
    return batch;
  }

  it('runs every step within the step slots and queues again, as its own job, each one that must run later', async () => {
    const steps = new StepDispatcher(...queues, { redisUrl: env.redisUrl, prefix: env.queuePrefix, maxAttempts: 3, retryDelayMs: 250 });
    const processor = new ScriptedProcessor(steps);
    const batch = await batchOf(steps, ['ord_ok', 'ord_busy', 'ord_outage', 'ord_fail', 'ord_ok2']);
    await processor.run(batch);

    assert.equal(processor.attempts.size, 5, 'every step ran');
    assert.deepEqual(processor.attempts.get('ord_fail'), { number: 1, final: false, firstRun: true });
    assert.equal(processor.peak, 2, 'at most WORKER_CONCURRENCY steps at once');
    const delayed = await queues[0].getDelayed();
    const byOrder = new Map(delayed.map((job) => [(job.data as StepJobData).orderId, job]));
    assert.deepEqual([...byOrder.keys()].sort(), ['ord_busy', 'ord_fail', 'ord_outage'], 'the steps that ended are not queued again');
    for (const [orderId, job] of byOrder) {
      assert.equal(job.id, stepJobId(orderId, 1), 'its own job, under its version\'s id');
      assert.equal((job.data as StepJobData).order, undefined, 'without the order its dispatch carried: a later run reads it afresh');
    }

    const busy = byOrder.get('ord_busy');
    assert.equal((busy?.data as StepJobData).busyCount, 1);
    assert.equal(busy?.opts.attempts, 3, 'a busy lock uses up no attempt');
    const outage = byOrder.get('ord_outage');
    assert.equal((outage?.data as StepJobData).providerRetries, 1);
    assert.equal(typeof (outage?.data as StepJobData).providerFailingSince, 'number');
    assert.equal(outage?.opts.attempts, 3);
    const failed = byOrder.get('ord_fail');
    assert.equal((failed?.data as StepJobData).attemptsBefore, 1);
    assert.equal(failed?.opts.attempts, 2, 'the attempts it has left');
    assert.equal(failed?.opts.delay, 250, "BullMQ's backoff for a first retry");

    // The failed step's own job: its second attempt of three, not its last.
    await queues[0].promoteJobs();
    const again = await queues[0].getJob(stepJobId('ord_fail', 1));
    assert.ok(again !== undefined);
    await processor.run(again).catch(() => undefined);
    assert.deepEqual(processor.attempts.get('ord_fail'), { number: 2, final: false, firstRun: true });
  });

  it("tells a job's first start from a later one (BullMQ's attemptsStarted)", async () => {
    const steps = new StepDispatcher(...queues, { redisUrl: env.redisUrl, prefix: env.queuePrefix, maxAttempts: 3, retryDelayMs: 1 });
    const processor = new ScriptedProcessor(steps);
    await steps.dispatch('ord_started', SAGA_STEP.RESERVE_STOCK, 1, { _id: 'ord_started' });
    const taker = new Worker<SagaJobData>(QUEUE.INVENTORY, null, { connection: redisOptionsFromUrl(env.redisUrl), prefix: env.queuePrefix });
    try {
      const job = (await taker.getNextJob('token-1'));
      assert.ok(job !== undefined);
      await processor.run(job);
      assert.equal(processor.attempts.get('ord_started')?.firstRun, true, 'its first start');
      // Its worker lost it (a failure with attempts left): BullMQ starts the same job again.
      await job.moveToFailed(new Error('lost'), 'token-1');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await queues[0].promoteJobs();
      const again = (await taker.getNextJob('token-2'));
      assert.equal(again?.id, job.id);
      assert.ok(again !== undefined);
      await processor.run(again);
      assert.equal(processor.attempts.get('ord_started')?.firstRun, false, 'a later start: the order its dispatch carried is not read');
    } finally {
      await taker.close();
    }
  });

  it('leaves a step that failed on its last attempt to the recovery sweep', async () => {
    const steps = new StepDispatcher(...queues, { redisUrl: env.redisUrl, prefix: env.queuePrefix, maxAttempts: 1, retryDelayMs: 250 });
    const processor = new ScriptedProcessor(steps);
    await processor.run(await batchOf(steps, ['ord_fail_last', 'ord_ok']));
    assert.deepEqual(processor.attempts.get('ord_fail_last'), { number: 1, final: true, firstRun: true }, 'the step knew it was its last attempt');
    const counts = await queues[0].getJobCounts('waiting', 'delayed');
    assert.deepEqual([counts['waiting'], counts['delayed']], [1, 0], 'nothing queued again (the batch job itself is still waiting: it was run by hand)');
  });

  it('once the jobs are handed back, starts no step that waited for a slot and queues nothing again', async () => {
    const steps = new StepDispatcher(...queues, { redisUrl: env.redisUrl, prefix: env.queuePrefix, maxAttempts: 3, retryDelayMs: 250 });
    const processor = new ScriptedProcessor(steps);
    const batch = await batchOf(steps, ['ord_busy', 'ord_outage', 'ord_ok', 'ord_fail']);
    const running = processor.run(batch);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(processor.running, 2, 'two steps hold the two slots; two wait');
    await processor.handBack();
    await running;
    assert.deepEqual([...processor.attempts.keys()].sort(), ['ord_busy', 'ord_outage'], 'the steps waiting for a slot never started');
    const counts = await queues[0].getJobCounts('waiting', 'delayed');
    assert.deepEqual([counts['waiting'], counts['delayed']], [1, 0], 'nothing queued again: the handed-back batch job carries every step');
  });
});
