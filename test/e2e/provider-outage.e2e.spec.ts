/**
 * A payment provider outage and a mail server outage under load, ridden out: orders keep coming
 * while the provider hangs (every call times out) and then refuses (503), and while the mail
 * server refuses messages (for longer, so that orders wait at their confirmation too); the circuits open (the API's health details say so, its status stays
 * ok), the jobs wait instead of using up attempts, and once both are back every order completes
 * by itself: no lost sale, nothing FAILED, every invariant intact.
 *
 * `npm test` runs it scaled down (an outage of OUTAGE_MS = 6 s, short retry delays); the
 * several-minute version is the same test with a longer outage:
 *   OUTAGE_MS=180000 npm test -- provider-outage
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@app/testing';
import { assertSagaInvariants } from '../support/invariants';
import { System } from '../support/system';

const OUTAGE_MS = Number(process.env['OUTAGE_MS'] ?? 6_000);
const ORDERS = 120;
const STOCK = new Map([
  ['OUT-A', 200],
  ['OUT-B', 200],
]);

describe('provider outages under load', () => {
  let system: System;

  before(async () => {
    system = await System.start({
      label: 'outage',
      workers: { inventory: 1, payment: 1, notification: 1 },
      env: { CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_OPEN_MS: '1000', PROVIDER_RETRY_DELAY_MS: '200', PROVIDER_RETRY_MAX_DELAY_MS: '2000', RETRY_WINDOW_MS: String(Math.max(60_000, OUTAGE_MS * 3)), ORDER_DEADLINE_MS: String(Math.max(120_000, OUTAGE_MS * 4)) },
    });
    for (const [sku, available] of STOCK) await system.setStock(sku, available, 700);
  });

  after(async () => {
    await system.stop();
  });

  it('every order placed before, during and after the outage completes by itself, captured once', { timeout: 240_000 + OUTAGE_MS * 3 }, async () => {
    const skus = [...STOCK.keys()];
    const place = (i: number): Promise<string> =>
      system.placeOrder({ customerId: `out-${i % 7}`, email: `out${i}@example.com`, items: [{ sku: skus[i % skus.length] ?? 'OUT-A', quantity: 1 }], payment: { token: 'tok_visa' } }, `outage-${i}`);
    const placed: Promise<string>[] = [];
    for (let i = 0; i < ORDERS / 3; i += 1) placed.push(place(i));
    await Promise.all(placed);
    await system.waitForQuiescence(60_000);

    await system.setFaults({ payments: 'hang', mail: 'unavailable' });
    for (let i = ORDERS / 3; i < (2 * ORDERS) / 3; i += 1) placed.push(place(i));
    await waitFor(async () => ((await system.health()).providers['payment']?.state === 'open' ? true : undefined), 30_000, 'the health details to show the payment circuit open', 200);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / 2));
    await system.setFaults({ payments: 'unavailable' });
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / 2));
    const during = await system.orders();
    assert.equal(during.filter((order) => ['CANCELLED', 'FAILED'].includes(order.saga.status)).length, 0, 'nothing cancelled or failed during the outage');
    // The provider is back, the mail server is not yet: orders pile up at their confirmation.
    await system.setFaults({ payments: 'ok' });
    for (let i = (2 * ORDERS) / 3; i < ORDERS; i += 1) placed.push(place(i));
    await Promise.all(placed);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS / 2));
    assert.equal((await system.orders()).filter((order) => order.saga.status === 'COMPLETED').length, ORDERS / 3, 'no confirmation while the mail server is down');
    await system.setFaults({ mail: 'ok' });

    const orders = await system.waitForQuiescence(120_000 + OUTAGE_MS * 2);
    const report = await assertSagaInvariants(system, STOCK, orders);
    assert.equal(report.completed, ORDERS, `every order completed: ${JSON.stringify(report)}`);
    const health = await system.health();
    assert.equal(health.status, 'ok');
    // Each process flushes its counters every 2 s.
    const counters = await waitFor(
      async () => {
        const { counters: all } = (await (await system.adminFetch('/admin/metrics')).json()) as { counters: Record<string, number> };
        const seen = ['provider.payment.retries', 'provider.payment.circuit_opened', 'provider.mail.retries'].every((name) => (all[name] ?? 0) > 0);
        return seen ? all : undefined;
      },
      10_000,
      'payment and mail steps to have waited, and the payment circuit to have opened (counters)',
    );
    console.log(`outage (${OUTAGE_MS} ms): ${JSON.stringify({ ...report, retries: counters['provider.payment.retries'], circuitOpened: counters['provider.payment.circuit_opened'], mailRetries: counters['provider.mail.retries'] })}`);
  });
});
