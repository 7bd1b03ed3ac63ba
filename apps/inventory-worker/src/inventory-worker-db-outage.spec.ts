/**
 * Two inventory worker processes while their MongoDB is frozen under load (SIGSTOP on a dev
 * server of this test's own: connections stay open and nothing answers; it keeps its data in
 * memory, so a restart would lose everything and prove nothing). Jobs keep arriving during the
 * freeze. Each worker stops taking jobs within about WORKER_DB_TIMEOUT_MS, no job uses up an
 * attempt (with MAX_ATTEMPTS at 3 the old behaviour would exhaust them), and after SIGCONT both
 * resume by themselves and every order's RESERVE_STOCK completes exactly once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getQueueToken } from '@nestjs/bullmq';
import { Module, type INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUE, SAGA_STEP, type StepJobData } from '@app/contracts';
import { COLLECTION, DalModule, InventoryRepository, OrderRepository } from '@app/dal';
import type { Order } from '@app/domain';
import { QueueModule, StepDispatcher } from '@app/queue';
import {
  APP,
  createTestEnvironment,
  newOrder,
  startApp,
  startMongoDevServerProcess,
  startWorkerContext,
  waitFor,
  type AppProcess,
  type MongoDevServerProcess,
  type TestEnvironment,
} from '@app/testing';

const DB_TIMEOUT_MS = 1_000;
const FREEZE_MS = 8_000;
const SKUS = ['OUT-A', 'OUT-B', 'OUT-C', 'OUT-D'] as const;
const STOCK = 100;
const ORDERS = 60;
const PAUSED = /database unavailable, taking no new jobs/;
const RESUMED = /database answers again after (\d+) ms/;

/** The test's own view of the database and the queues (placing orders, dispatching jobs, reading state). */
@Module({})
class OutageHarness {}

describe('inventory workers with their database frozen under load', () => {
  let mongo: MongoDevServerProcess;
  let env: TestEnvironment;
  let harness: INestApplicationContext;
  let workers: AppProcess[];

  before(async () => {
    mongo = await startMongoDevServerProcess();
    env = await createTestEnvironment('db-outage', { mongoUrl: mongo.url });
    harness = await startWorkerContext({
      module: OutageHarness,
      imports: [
        DalModule.forRoot({ mongoUrl: mongo.url, mongoDb: env.dbName }),
        QueueModule.forRoot({ redisUrl: env.redisUrl, prefix: env.queuePrefix, maxAttempts: 3, retryDelayMs: 100 }),
      ],
    });
    const workerEnv = env.appEnv({
      WORKER_DB_TIMEOUT_MS: String(DB_TIMEOUT_MS),
      MAX_ATTEMPTS: '3',
      RETRY_DELAY_MS: '100',
      WORKER_CONCURRENCY: '4',
      LOCK_TTL_MS: '5000',
      LOCK_RETRY_DELAY_MS: '20',
      RECOVERY_INTERVAL_MS: '500',
    });
    workers = await Promise.all([startApp(APP.INVENTORY_WORKER, workerEnv), startApp(APP.INVENTORY_WORKER, workerEnv)]);
  });

  after(async () => {
    mongo.thaw();
    await Promise.all(workers.map((worker) => worker.stop()));
    await harness.close();
    await env.cleanup();
    await mongo.stop();
  });

  it('pauses the workers without using up attempts, and every order completes its step once the database is back', async () => {
    const inventory = harness.get(InventoryRepository);
    const orders = harness.get(OrderRepository);
    const dispatcher = harness.get(StepDispatcher);
    const queue = harness.get<Queue<StepJobData>>(getQueueToken(QUEUE.INVENTORY));
    for (const sku of SKUS) await inventory.setStock(sku, STOCK, 100);
    const placed: Order[] = [];
    for (let i = 0; i < ORDERS; i += 1) placed.push(newOrder({ items: [{ sku: SKUS[i % SKUS.length] ?? 'OUT-A', quantity: 1 }] }));
    await Promise.all(placed.map((order) => orders.insert(order)));
    const dispatch = (order: Order): Promise<void> => dispatcher.dispatch(order._id, SAGA_STEP.RESERVE_STOCK, order.saga.version);

    // A stream of jobs, one every 100 ms, that the freeze falls into.
    await Promise.all(placed.slice(0, 10).map(dispatch));
    const stream = (async (): Promise<void> => {
      for (const order of placed.slice(10)) {
        await dispatch(order);
        await new Promise((done) => setTimeout(done, 100));
      }
    })();
    await new Promise((done) => setTimeout(done, 500));

    mongo.freeze();
    const frozenAt = performance.now();
    const pausedAfterMs: (number | undefined)[] = workers.map(() => undefined);
    let mostDelayed = 0;
    try {
      while (performance.now() - frozenAt < FREEZE_MS) {
        workers.forEach((worker, index) => {
          if (pausedAfterMs[index] === undefined && PAUSED.test(worker.output())) pausedAfterMs[index] = performance.now() - frozenAt;
        });
        mostDelayed = Math.max(mostDelayed, await queue.getDelayedCount());
        await new Promise((done) => setTimeout(done, 50));
      }
      await stream;
      const jobs = await queue.getJobs(['wait', 'delayed', 'active', 'failed']);
      assert.ok(jobs.length > 0, 'jobs are waiting for the database');
      assert.deepEqual(jobs.filter((job) => job.attemptsMade > 0).map((job) => [job.id, job.attemptsMade]), [], 'no job used up an attempt');
      assert.equal(await queue.getFailedCount(), 0);
    } finally {
      mongo.thaw();
    }
    const thawedAt = performance.now();
    for (const [index, ms] of pausedAfterMs.entries()) assert.ok(ms !== undefined && ms < FREEZE_MS, `worker ${index} paused during the freeze`);
    assert.ok(mostDelayed > 0, 'jobs that met the outage went back to the delayed set');

    await waitFor(
      async () => {
        const reserved = await env.db.collection(COLLECTION.ORDERS).countDocuments({ 'saga.step': SAGA_STEP.AUTHORIZE_PAYMENT });
        return reserved === ORDERS ? reserved : undefined;
      },
      60_000,
      'every order past RESERVE_STOCK',
    );
    const doneAfterMs = performance.now() - thawedAt;

    const stored = await env.db.collection<Order>(COLLECTION.ORDERS).find({}).toArray();
    assert.deepEqual(stored.filter((order) => order.saga.status !== 'RESERVED').map((order) => [order._id, order.saga.status, order.saga.reason]), [], 'no order failed or was cancelled');
    const reserveEntries = stored.flatMap((order) => order.history.filter((entry) => entry.step === SAGA_STEP.RESERVE_STOCK));
    assert.deepEqual(reserveEntries.filter((entry) => entry.outcome !== 'SUCCEEDED' || entry.attempt !== 1).map((entry) => [entry.outcome, entry.attempt]), [], 'every reservation succeeded on its first attempt');
    for (const sku of SKUS) {
      const item = await inventory.findBySku(sku);
      assert.deepEqual({ available: item?.available, reserved: item?.reserved }, { available: STOCK - ORDERS / SKUS.length, reserved: ORDERS / SKUS.length }, `${sku} reserved once per order`);
    }
    assert.equal(await queue.getFailedCount(), 0);

    const resumedAfterMs = workers.map((worker) => Number(RESUMED.exec(worker.output())?.[1] ?? NaN));
    for (const worker of workers) assert.doesNotMatch(worker.output(), /ERROR|"level":"error"|recovery sweep failed/, 'no errors logged during the outage');
    console.log(
      `[db outage] frozen ${FREEZE_MS} ms, WORKER_DB_TIMEOUT_MS=${DB_TIMEOUT_MS}: paused ${pausedAfterMs.map((ms) => `${Math.round(ms ?? NaN)} ms`).join(' / ')} after the freeze; ` +
        `outage seen by each watch ${resumedAfterMs.join(' / ')} ms; up to ${mostDelayed} jobs delayed; all ${ORDERS} orders past RESERVE_STOCK ${Math.round(doneAfterMs)} ms after the thaw`,
    );
  });
});
