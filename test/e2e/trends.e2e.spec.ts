/**
 * The console's trends and alerts against the whole system: orders that end (completed,
 * declined, out of stock, one waiting out a mail outage) show up in GET /admin/trends as
 * per-minute points — counts by final status and by reason equal to the orders' own, a latency
 * per point that has orders, the mail server's errors — written by the workers' periodic flush,
 * not per order. The range is validated, and the overview counts a saga stuck once its step was
 * sent longer ago than STUCK_ALERT_AFTER_MS with no worker to take it back.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APP, waitFor } from '@app/testing';
import { System } from '../support/system';

interface Trends {
  readonly stepSeconds: number;
  readonly times: number[];
  readonly ordersByStatus: Record<string, number[]>;
  readonly latencyMs: Record<'p50' | 'p95' | 'p99', (number | null)[]>;
  readonly failuresByReason: Record<string, number[]>;
  readonly providerErrors: Record<string, number[]>;
}

const total = (values: readonly (number | null)[] | undefined): number => (values ?? []).reduce<number>((sum, value) => sum + (value ?? 0), 0);

describe('trends and alerts (GET /admin/trends, GET /admin/metrics)', () => {
  let system: System;
  const started = new Date();

  before(async () => {
    system = await System.start({ label: 'trends', workers: { inventory: 1, payment: 1, notification: 1 }, env: { STUCK_ALERT_AFTER_MS: '3000' } });
    await system.setStock('TREND-1', 100, 1500);
    await system.setStock('TREND-SCARCE', 1, 1500);
  });

  after(async () => {
    await system?.stop();
  });

  const trends = async (query = ''): Promise<Trends> => {
    const response = await system.adminFetch(`/admin/trends${query}`);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as Trends;
  };

  it('shows ended orders as per-minute points: by final status, by reason, with their latency, and the mail server\'s errors', async () => {
    const order = (token: string, sku = 'TREND-1', quantity = 1): Promise<string> => system.placeOrder({ customerId: 'c-trend', email: 'trend@example.com', items: [{ sku, quantity }], payment: { token } });
    await Promise.all([order('tok_visa'), order('tok_visa'), order('tok_visa'), order('tok_decline'), order('tok_visa', 'TREND-SCARCE', 5)]);
    await system.setFaults({ mail: 'unavailable' });
    await order('tok_visa');
    const from = `?from=${encodeURIComponent(started.toISOString())}`;
    await waitFor(async () => (total((await trends(from)).providerErrors['mail']) > 0 ? true : undefined), 30_000, 'the mail server\'s errors in the trends');
    await system.setFaults({ mail: 'ok' });
    const ended = await system.waitForQuiescence(60_000);

    const byStatus: Record<string, number> = {};
    const byReason: Record<string, number> = {};
    for (const { saga } of ended) {
      byStatus[saga.status] = (byStatus[saga.status] ?? 0) + 1;
      if (saga.status !== 'COMPLETED') byReason[saga.reason ?? 'UNKNOWN'] = (byReason[saga.reason ?? 'UNKNOWN'] ?? 0) + 1;
    }
    assert.equal(byStatus['COMPLETED'], 4);
    assert.equal(Object.values(byReason).reduce((a, b) => a + b, 0), 2, 'a declined card and an order out of stock');
    // Each worker process flushes every 2 s, on its own timer: wait for every count to add up to the orders' own.
    const counted = (current: Awaited<ReturnType<typeof trends>>): number => Object.values(current.ordersByStatus).reduce((sum, values) => sum + total(values), 0);
    const view = await waitFor(async () => {
      const current = await trends(from);
      return counted(current) === ended.length && total(current.ordersByStatus['COMPLETED']) === 4 ? current : undefined;
    }, 15_000, 'every ended order in the trends');
    assert.equal(view.stepSeconds, 60);
    assert.ok(view.times.length >= 1 && view.times.length <= 10, `one point a minute since the test started (${view.times.length})`);
    assert.deepEqual(Object.fromEntries(Object.entries(view.ordersByStatus).map(([status, values]) => [status, total(values)]).filter(([, n]) => n !== 0)), byStatus);
    assert.deepEqual(Object.fromEntries(Object.entries(view.failuresByReason).map(([reason, values]) => [reason, total(values)])), byReason);
    assert.equal(total(view.providerErrors['payment']), 0, 'the payment provider never failed');
    view.times.forEach((_, i) => {
      const ended = Object.values(view.ordersByStatus).reduce((sum, values) => sum + (values[i] ?? 0), 0);
      const [p50, p95, p99] = [view.latencyMs.p50[i], view.latencyMs.p95[i], view.latencyMs.p99[i]];
      if (ended === 0) assert.deepEqual([p50, p95, p99], [null, null, null], 'no latency where no order ended');
      else assert.ok(p50 !== null && p95 !== null && p99 !== null && p50 > 0 && p50 <= p95 && p95 <= p99 && p99 < 600_000, `latency at point ${i}: ${p50} ${p95} ${p99}`);
    });
    const stored = await system.env.db.collection('metrics_minutes').countDocuments({});
    assert.ok(stored >= 1 && stored <= view.times.length, `one document per minute (${stored}), not per order`);
  });

  it('answers the last hour by default, and refuses a bad or too wide range', async () => {
    const view = await trends();
    assert.ok(view.times.length === 60 || view.times.length === 61, `${view.times.length} points`);
    assert.equal(total(view.ordersByStatus['COMPLETED']), 4);
    for (const [query, path] of [['?from=yesterday', 'from'], ['?from=2025-01-10T00:00:00Z&to=2025-01-01T00:00:00Z', 'from'], ['?from=2025-01-01T00:00:00Z&to=2025-01-09T00:00:00Z', 'to'], ['?range=1h', 'range']] as const) {
      const response = await system.adminFetch(`/admin/trends${query}`);
      assert.equal(response.status, 400, query);
      const body = (await response.json()) as { code: string; fields: { path: string }[] };
      assert.equal(body.code, 'VALIDATION_FAILED');
      assert.deepEqual(body.fields.map((field) => field.path), [path], query);
    }
    assert.equal((await fetch(`${system.apiUrl}/admin/trends`)).status, 401);
  });

  it('counts a saga as stuck once its step was sent longer ago than STUCK_ALERT_AFTER_MS and no worker takes it back', async () => {
    const stuck = async (): Promise<{ count: number; capped: boolean; afterMs: number }> => ((await (await system.adminFetch('/admin/metrics')).json()) as { stuck: { count: number; capped: boolean; afterMs: number } }).stuck;
    assert.deepEqual(await stuck(), { count: 0, capped: false, afterMs: 3_000 });
    // No worker left: no recovery sweep re-stamps the saga (a live one would take it back every STUCK_AFTER_MS).
    await Promise.all([APP.INVENTORY_WORKER, APP.PAYMENT_WORKER, APP.NOTIFICATION_WORKER].flatMap((name) => system.workers(name)).map((worker) => worker.stop()));
    await system.placeOrder({ customerId: 'c-stuck', email: 'stuck@example.com', items: [{ sku: 'TREND-1', quantity: 1 }], payment: { token: 'tok_visa' } });
    assert.equal((await stuck()).count, 0, 'just placed: not stuck yet');
    await waitFor(async () => ((await stuck()).count === 1 ? true : undefined), 15_000, 'the order unmoved past STUCK_ALERT_AFTER_MS to count as stuck');
  });
});
