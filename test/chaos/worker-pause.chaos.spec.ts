/**
 * Pauses on purpose: inventory workers frozen (SIGSTOP) for longer than their item locks and
 * their BullMQ job locks, then thawed (SIGCONT) to carry on with what they believed they held —
 * the GC pause, stalled VM or frozen container every lease-based design must survive. While one
 * is frozen, the other takes over its locks and jobs. Every saga must still end exactly once with
 * the usual invariants: stock conserved and never negative, nothing left held, no FAILED order.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APP, pick, seededRandom } from '@app/testing';
import { assertSagaInvariants } from '../support/invariants';
import { System } from '../support/system';

const STOCK = new Map([
  ['PA-A', 40],
  ['PA-B', 25],
  ['PA-C', 15],
]);
const TOKENS = ['tok_visa', 'tok_visa', 'tok_visa', 'tok_decline'];

function orderBody(random: () => number, i: number): unknown {
  const skus = [...STOCK.keys()];
  const basket = skus.filter(() => random() < 0.6);
  if (basket.length === 0) basket.push(pick(random, skus));
  return {
    customerId: `pause-${i}`,
    email: `pause${i}@example.com`,
    items: basket.map((sku) => ({ sku, quantity: 1 + Math.floor(random() * 2) })),
    payment: { token: pick(random, TOKENS) },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

describe('chaos: paused workers', () => {
  let system: System;

  before(async () => {
    // Item locks of 300 ms and job locks of 1 s: every pause below outlives both.
    system = await System.start({ label: 'pause', workers: { inventory: 2, payment: 1, notification: 1 }, env: { LOCK_TTL_MS: '300', JOB_LOCK_MS: '1000', STUCK_AFTER_MS: '3000' } });
    for (const [sku, available] of STOCK) await system.setStock(sku, available, 500);
  });

  after(async () => {
    for (const worker of system.workers(APP.INVENTORY_WORKER)) if (worker.child.pid !== undefined) process.kill(worker.child.pid, 'SIGCONT');
    await system.stop();
  });

  it('inventory workers frozen past their leases and thawed: every saga ends once, stock exact', { timeout: 240_000 }, async () => {
    const random = seededRandom(23);
    const placing = Promise.all(Array.from({ length: 70 }, (_, i) => system.placeOrder(orderBody(random, i), `pause-${i}`)));
    const workers = system.workers(APP.INVENTORY_WORKER);
    assert.equal(workers.length, 2);
    for (let round = 0; round < 8; round += 1) {
      const victim = workers[round % 2];
      const pid = victim?.child.pid;
      assert.ok(pid !== undefined);
      await sleep(100 + Math.floor(random() * 200));
      process.kill(pid, 'SIGSTOP');
      try {
        await sleep(600 + Math.floor(random() * 900));
      } finally {
        process.kill(pid, 'SIGCONT');
      }
    }
    await placing;
    const orders = await system.waitForQuiescence(180_000);
    assert.equal(orders.length, 70);
    const report = await assertSagaInvariants(system, STOCK, orders);
    assert.equal(report.failed, 0);
    console.log(`pause chaos: ${JSON.stringify(report)}`);
  });
});
