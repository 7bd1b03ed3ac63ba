/**
 * Failure on purpose: worker processes killed in the middle of their steps, and Redis losing
 * every queued job. Each saga must still end exactly once — resumed or compensated — with the
 * same invariants as the calm end-to-end run.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { APP, pick, seededRandom, waitFor } from '@app/testing';
import { assertSagaInvariants } from '../support/invariants';
import { System } from '../support/system';

const STOCK = new Map([
  ['CH-A', 60],
  ['CH-B', 40],
  ['CH-C', 20],
]);
const TOKENS = ['tok_visa', 'tok_visa', 'tok_visa', 'tok_decline', 'tok_flaky', 'tok_timeout'];

function orderBody(random: () => number, i: number): unknown {
  const skus = [...STOCK.keys()];
  const basket = skus.filter(() => random() < 0.5);
  if (basket.length === 0) basket.push(pick(random, skus));
  return {
    customerId: `chaos-${i}`,
    email: `chaos${i}@example.com`,
    items: basket.map((sku) => ({ sku, quantity: 1 + Math.floor(random() * 2) })),
    payment: { token: pick(random, TOKENS) },
  };
}

describe('chaos: crashes and lost jobs', () => {
  let system: System;

  before(async () => {
    system = await System.start({ label: 'chaos', workers: { inventory: 2, payment: 2, notification: 1 }, env: { JOB_LOCK_MS: '2000' } });
    for (const [sku, available] of STOCK) await system.setStock(sku, available, 700);
  });

  after(async () => {
    await system.stop();
  });

  it('workers killed mid-step (SIGKILL) and replaced: every saga resumes or compensates exactly once', { timeout: 180_000 }, async () => {
    const random = seededRandom(7);
    const placing = Array.from({ length: 80 }, (_, i) => system.placeOrder(orderBody(random, i), `crash-${i}`));
    await new Promise((done) => setTimeout(done, 300));
    for (const name of [APP.INVENTORY_WORKER, APP.PAYMENT_WORKER, APP.NOTIFICATION_WORKER] as const) {
      const [victim] = system.workers(name);
      assert.ok(victim, `a running ${name}`);
      await victim.kill();
    }
    await Promise.all(placing);
    await new Promise((done) => setTimeout(done, 500));
    const [secondVictim] = system.workers(APP.INVENTORY_WORKER);
    await secondVictim?.kill();
    await Promise.all([system.startWorker(APP.INVENTORY_WORKER), system.startWorker(APP.NOTIFICATION_WORKER), system.startWorker(APP.INVENTORY_WORKER)]);

    const orders = await system.waitForQuiescence(150_000);
    assert.equal(orders.length, 80);
    await assertSagaInvariants(system, STOCK, orders);
  });

  it('Redis loses every queued job: the recovery sweep finds the stuck sagas and finishes them', { timeout: 180_000 }, async () => {
    const workers = [...system.workers(APP.INVENTORY_WORKER), ...system.workers(APP.PAYMENT_WORKER), ...system.workers(APP.NOTIFICATION_WORKER)];
    await Promise.all(workers.map((worker) => worker.stop()));
    const random = seededRandom(11);
    const lost = await Promise.all(Array.from({ length: 30 }, (_, i) => system.placeOrder(orderBody(random, 100 + i), `lost-${i}`)));

    const redis = new Redis(system.env.redisUrl);
    const keys = await redis.keys(`${system.env.queuePrefix}:*`);
    assert.ok(keys.length > 0, 'the orders were queued');
    await redis.del(...keys);
    redis.disconnect();

    await Promise.all([system.startWorker(APP.INVENTORY_WORKER), system.startWorker(APP.PAYMENT_WORKER), system.startWorker(APP.NOTIFICATION_WORKER)]);
    const orders = await system.waitForQuiescence(150_000);
    for (const orderId of lost) assert.ok(orders.some((order) => order._id === orderId));
    await assertSagaInvariants(system, STOCK, orders);
    // Each process flushes its counters every few seconds.
    const redispatched = async (): Promise<number> => ((await (await system.adminFetch('/admin/metrics')).json()) as { counters: Record<string, number> }).counters['saga.recovery.redispatched'] ?? 0;
    await waitFor(async () => ((await redispatched()) >= lost.length ? true : undefined), 10_000, 'the sweep to have re-dispatched the lost jobs');
  });
});
