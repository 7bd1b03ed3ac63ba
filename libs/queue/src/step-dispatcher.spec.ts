/**
 * The step dispatcher against a real Redis: dispatches made together ride one batch job per
 * queue, a dispatch alone is its own job under its version's id, and a step queued again for
 * later is its own job with the attempts it has left; the recovery sweep's re-dispatch keeps one
 * job per saga version however often it runs, also after the version's job ended in the failed
 * set; a job that fails for good is kept FAILED_JOB_RETENTION_DAYS.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Queue, Worker } from 'bullmq';
import { QUEUE, SAGA_STEP, STEP_BATCH_JOB, isStepBatch, stepJobId, type SagaJobData, type StepJobData } from '@app/contracts';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@app/testing';
import { redisOptionsFromUrl } from './redis-connection';
import { StepDispatcher } from './step-dispatcher.service';

describe('step dispatcher', () => {
  let env: TestEnvironment;
  let queues: Queue<SagaJobData>[];
  let dispatcher: StepDispatcher;

  before(async () => {
    env = await createTestEnvironment('dispatcher');
    const connection = redisOptionsFromUrl(env.redisUrl);
    queues = [QUEUE.INVENTORY, QUEUE.PAYMENT, QUEUE.NOTIFICATION].map((name) => new Queue<SagaJobData>(name, { connection, prefix: env.queuePrefix }));
    const [inventory, payment, notification] = queues as [Queue<SagaJobData>, Queue<SagaJobData>, Queue<SagaJobData>];
    dispatcher = new StepDispatcher(inventory, payment, notification, { redisUrl: env.redisUrl, prefix: env.queuePrefix, maxAttempts: 1, retryDelayMs: 10, failedJobRetentionDays: 3 });
  });

  after(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await env.cleanup();
  });

  it('puts the dispatches made together for one queue into one batch job, and a dispatch alone into its own job', async () => {
    const [inventory, payment] = queues as [Queue<SagaJobData>, Queue<SagaJobData>];
    await Promise.all([
      dispatcher.dispatch('ord_b1', SAGA_STEP.RESERVE_STOCK, 1),
      dispatcher.dispatch('ord_b2', SAGA_STEP.RESERVE_STOCK, 1),
      dispatcher.dispatch('ord_b3', SAGA_STEP.COMMIT_STOCK, 4),
      dispatcher.dispatch('ord_b4', SAGA_STEP.AUTHORIZE_PAYMENT, 2),
    ]);
    const [batch, ...others] = await inventory.getWaiting();
    assert.equal(others.length, 0, 'one inventory job');
    assert.equal(batch?.name, STEP_BATCH_JOB);
    assert.ok(batch !== undefined && isStepBatch(batch.data));
    assert.deepEqual(batch.data.steps.map((step) => [step.orderId, step.step, step.version]), [['ord_b1', 'RESERVE_STOCK', 1], ['ord_b2', 'RESERVE_STOCK', 1], ['ord_b3', 'COMMIT_STOCK', 4]]);
    assert.equal(batch.opts.attempts, 1);
    const alone = await payment.getJob(stepJobId('ord_b4', 2));
    assert.equal(alone?.name, SAGA_STEP.AUTHORIZE_PAYMENT, 'the only payment dispatch is its own job, under its id');
    await Promise.all(queues.map((queue) => queue.obliterate({ force: true })));
  });

  it('queues a step again as its own job, delayed, with the attempts it has left', async () => {
    const three = new StepDispatcher(...(queues as [Queue<SagaJobData>, Queue<SagaJobData>, Queue<SagaJobData>]), { redisUrl: env.redisUrl, prefix: env.queuePrefix, maxAttempts: 3, retryDelayMs: 100 });
    const step: StepJobData = { orderId: 'ord_later', step: SAGA_STEP.RESERVE_STOCK, version: 1 };
    assert.deepEqual(three.retryOf(step), { data: { ...step, attemptsBefore: 1 }, delayMs: 100 }, 'the backoff BullMQ gives a first retry');
    assert.deepEqual(three.retryOf({ ...step, attemptsBefore: 1 }), { data: { ...step, attemptsBefore: 2 }, delayMs: 200 });
    assert.equal(three.retryOf({ ...step, attemptsBefore: 2 }), null, 'no attempt left');
    const retry = three.retryOf(step);
    assert.ok(retry !== null);
    await three.later([retry]);
    const job = await queues[0]?.getJob(stepJobId('ord_later', 1));
    assert.equal(await job?.getState(), 'delayed');
    assert.equal(job?.opts.attempts, 2, 'the attempts it has left');
    assert.equal(job?.opts.delay, 100);
    await Promise.all(queues.map((queue) => queue.obliterate({ force: true })));
  });

  it('re-dispatches a failed job once, however many sweeps find the saga stuck meanwhile', async () => {
    const inventory = queues[0];
    await dispatcher.dispatch('ord_failed_once', SAGA_STEP.RESERVE_STOCK, 1, { _id: 'ord_failed_once' });
    const failing = new Worker<StepJobData>(QUEUE.INVENTORY, () => Promise.reject(new Error('MongoDB unreachable')), { connection: redisOptionsFromUrl(env.redisUrl), prefix: env.queuePrefix });
    await waitFor(async () => ((await inventory.getJobCounts('failed')).failed === 1 ? true : undefined), 10_000, 'the job to fail for good');
    await failing.close();

    // Two sweeps, STUCK_AFTER_MS apart, while the first re-dispatched copy still waits for a worker.
    assert.equal(await dispatcher.redispatch('ord_failed_once', SAGA_STEP.RESERVE_STOCK, 1), true);
    assert.equal(await dispatcher.redispatch('ord_failed_once', SAGA_STEP.RESERVE_STOCK, 1), false);
    const counts = await inventory.getJobCounts('waiting', 'delayed', 'active', 'failed');
    assert.deepEqual([counts['waiting'], counts['delayed'], counts['active'], counts['failed']], [1, 0, 0, 0], 'one copy of the step, never two');
    const job = await inventory.getJob(stepJobId('ord_failed_once', 1));
    assert.equal(job?.attemptsMade, 0, 'the copy gets fresh attempts');
    assert.equal((job?.data as StepJobData | undefined)?.order, undefined, 'and reads the order afresh: the order its dispatch carried is gone');
    assert.equal((job?.data as StepJobData | undefined)?.trace, undefined, 'tracing off: no trace context in the job data');
    assert.deepEqual(job?.opts.removeOnFail, { age: 3 * 86_400, count: 10_000 }, 'a failed job is kept FAILED_JOB_RETENTION_DAYS (and at most 10,000 of them)');
  });

  it('adds a job that Redis lost under the version\'s own id, and leaves a queued one alone', async () => {
    const inventory = queues[0];
    assert.equal(await dispatcher.redispatch('ord_lost', SAGA_STEP.RESERVE_STOCK, 3), true);
    assert.ok(await inventory.getJob(stepJobId('ord_lost', 3)));
    assert.equal(await dispatcher.redispatch('ord_lost', SAGA_STEP.RESERVE_STOCK, 3), false);
  });
});
