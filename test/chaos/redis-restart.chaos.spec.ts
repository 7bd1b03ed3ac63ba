/**
 * Failure on purpose: Redis stops under a running system and comes back (AOF everysec, as in
 * production). Workers and the API reconnect; jobs that were lost in the last second are found
 * by the recovery sweep; every saga still ends exactly once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pick, seededRandom, startRedisProcess, type RedisProcess } from '@app/testing';
import { assertSagaInvariants } from '../support/invariants';
import { System } from '../support/system';

const STOCK = new Map([
  ['RR-A', 50],
  ['RR-B', 30],
]);

describe('chaos: Redis restarts', () => {
  let redis: RedisProcess;
  let system: System;

  before(async () => {
    redis = await startRedisProcess();
    system = await System.start({ label: 'redis_restart', redisUrl: redis.url, workers: { inventory: 2, payment: 1, notification: 1 }, env: { JOB_LOCK_MS: '2000' } });
    for (const [sku, available] of STOCK) await system.setStock(sku, available, 300);
  });

  after(async () => {
    await redis.start();
    await system.stop();
    await redis.dispose();
  });

  it('keeps every saga exact across a Redis stop and start', { timeout: 180_000 }, async () => {
    const random = seededRandom(3);
    const skus = [...STOCK.keys()];
    const first = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        system.placeOrder({ customerId: `rr-${i}`, email: `rr${i}@example.com`, items: [{ sku: pick(random, skus), quantity: 1 + Math.floor(random() * 2) }], payment: { token: pick(random, ['tok_visa', 'tok_visa', 'tok_decline', 'tok_flaky']) } }, `rr-${i}`),
      ),
    );
    await new Promise((done) => setTimeout(done, 150));
    await redis.stop();
    await new Promise((done) => setTimeout(done, 1_500));
    await redis.start();

    const orders = await system.waitForQuiescence(150_000);
    assert.equal(orders.length, first.length);
    await assertSagaInvariants(system, STOCK, orders);
  });
});
