/**
 * End to end under concurrency: the sandbox, the API and two processes of each worker; hundreds
 * of orders over a few scarce SKUs with overlapping multi-item baskets, all four test tokens,
 * duplicate submissions with the same Idempotency-Key, and customer cancels at random moments.
 * After quiescence the invariants are checked from the database and the sandbox's ledgers.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertSagaInvariants } from '../support/invariants';
import { pick, seededRandom } from '@app/testing';
import { System } from '../support/system';

const SEED = 20261125;
const ORDERS = 240;
const STOCK = new Map([
  ['E2E-A', 150],
  ['E2E-B', 110],
  ['E2E-C', 80],
  ['E2E-D', 25],
]);
const TOKENS = ['tok_visa', 'tok_visa', 'tok_visa', 'tok_visa', 'tok_decline', 'tok_flaky', 'tok_timeout', 'tok_late'];

describe('order saga end to end, under concurrency', () => {
  let system: System;

  before(async () => {
    system = await System.start({ label: 'e2e', workers: { inventory: 2, payment: 2, notification: 2 } });
    for (const [sku, available] of STOCK) await system.setStock(sku, available, 500);
  });

  after(async () => {
    await system.stop();
  });

  it('never oversells, never charges twice, sends each message once, and ends every order', { timeout: 240_000 }, async () => {
    const random = seededRandom(SEED);
    const skus = [...STOCK.keys()];
    const submissions: Promise<string>[] = [];
    const cancels: Promise<number>[] = [];
    let duplicates = 0;

    for (let i = 0; i < ORDERS; i += 1) {
      const basket = skus.filter(() => random() < 0.45);
      if (basket.length === 0) basket.push(pick(random, skus));
      const body = {
        customerId: `c-${i % 17}`,
        email: `customer${i}@example.com`,
        items: basket.map((sku) => ({ sku, quantity: 1 + Math.floor(random() * 3) })),
        payment: { token: pick(random, TOKENS) },
      };
      const key = `e2e-${SEED}-${i}`;
      const placed = system.placeOrder(body, key);
      submissions.push(placed);
      if (random() < 0.2) {
        duplicates += 1;
        submissions.push(system.placeOrder(body, key));
      }
      if (random() < 0.15) {
        const delay = Math.floor(random() * 400);
        cancels.push(placed.then((orderId) => new Promise((done) => setTimeout(done, delay)).then(async () => (await system.cancel(orderId)).status)));
      }
      if (i % 20 === 19) await new Promise((done) => setTimeout(done, 25));
    }

    const ids = await Promise.all(submissions);
    assert.equal(new Set(ids).size, ORDERS, `${duplicates} duplicate submissions returned the same order ids`);
    const cancelStatuses = await Promise.all(cancels);
    for (const status of cancelStatuses) assert.ok(status === 202 || status === 409, `cancel answered ${status}`);

    const orders = await system.waitForQuiescence(180_000);
    assert.equal(orders.length, ORDERS, 'one order per Idempotency-Key');
    const report = await assertSagaInvariants(system, STOCK, orders);

    assert.ok(report.completed > 0, 'some orders completed');
    assert.ok((report.byReason['OUT_OF_STOCK'] ?? 0) > 0, 'scarce stock ran out for some orders');
    assert.ok((report.byReason['PAYMENT_DECLINED'] ?? 0) > 0, 'declined cards cancelled some orders');
    const accepted = cancelStatuses.filter((status) => status === 202).length;
    assert.ok(accepted === 0 || (report.byReason['CANCELLED_BY_CUSTOMER'] ?? 0) > 0, 'accepted cancels cancelled orders');
    for (const order of orders.filter((o) => o.payment.token === 'tok_decline')) {
      assert.notEqual(order.saga.status, 'COMPLETED', `${order._id} with a declined card cannot complete`);
    }
    console.log(`e2e: ${JSON.stringify({ ...report, duplicates, cancelsAccepted: accepted, cancelsRefused: cancelStatuses.length - accepted })}`);
  });
});
