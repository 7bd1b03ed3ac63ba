/**
 * The step dispatcher against a real Redis: the recovery sweep's re-dispatch keeps one job per
 * saga version however often it runs, also after the version's job ended in the failed set;
 * a job that fails for good is kept FAILED_JOB_RETENTION_DAYS.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Queue, Worker } from 'bullmq';
import { QUEUE, SAGA_STEP, stepJobId, type StepJobData } from '@app/contracts';
import { createTestEnvironment, waitFor, type TestEnvironment } from '@app/testing';
import { redisOptionsFromUrl } from './redis-connection';
import { StepDispatcher } from './step-dispatcher.service';

describe('step dispatcher', () => {
  let env: TestEnvironment;
  let queues: Queue<StepJobData>[];
  let dispatcher: StepDispatcher;

  before(async () => {
    env = await createTestEnvironment('dispatcher');
    const connection = redisOptionsFromUrl(env.redisUrl);
    queues = [QUEUE.INVENTORY, QUEUE.PAYMENT, QUEUE.NOTIFICATION].map((name) => new Queue<StepJobData>(name, { connection, prefix: env.queuePrefix }));
    const [inventory, payment, notification] = queues as [Queue<StepJobData>, Queue<StepJobData>, Queue<StepJobData>];
    dispatcher = new StepDispatcher(inventory, payment, notification, { redisUrl: env.redisUrl, prefix: env.queuePrefix, maxAttempts: 1, retryDelayMs: 10, failedJobRetentionDays: 3 });
  });

  after(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await env.cleanup();
  });

  it('re-dispatches a failed job once, however many sweeps find the saga stuck meanwhile', async () => {
    const inventory = queues[0];
    await dispatcher.dispatch('ord_failed_once', SAGA_STEP.RESERVE_STOCK, 1);
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
    assert.equal(job?.data.trace, undefined, 'tracing off: no trace context in the job data');
    assert.deepEqual(job?.opts.removeOnFail, { age: 3 * 86_400, count: 10_000 }, 'a failed job is kept FAILED_JOB_RETENTION_DAYS (and at most 10,000 of them)');
  });

  it('adds a job that Redis lost under the version\'s own id, and leaves a queued one alone', async () => {
    const inventory = queues[0];
    assert.equal(await dispatcher.redispatch('ord_lost', SAGA_STEP.RESERVE_STOCK, 3), true);
    assert.ok(await inventory.getJob(stepJobId('ord_lost', 3)));
    assert.equal(await dispatcher.redispatch('ord_lost', SAGA_STEP.RESERVE_STOCK, 3), false);
  });
});
