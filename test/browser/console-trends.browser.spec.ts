/**
 * Trends and alerts in the console: after orders complete, get declined and fail in a payment
 * outage, `#/trends` draws its four charts (uPlot, served by the API) from GET /admin/trends with
 * the range in the URL; banners say that orders need an operator (linking to them), that the mail
 * server is failing (its circuit open in a worker), and that a saga is stuck once no worker is
 * left to take it back.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { COLLECTION } from '@app/dal';
import { APP, waitFor } from '@app/testing';
import { launchConsoleBrowser, signInToConsole } from '../support/browser';
import { OUTAGE_ENV, ordersFailedByPaymentOutage } from '../support/payment-outage';
import { System } from '../support/system';

const total = (values: readonly (number | null)[] | undefined): number => (values ?? []).reduce<number>((sum, value) => sum + (value ?? 0), 0);

describe('console: trends and alerts', () => {
  let system: System;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  let password = '';

  before(async () => {
    system = await System.start({ label: 'browser-trends', workers: { inventory: 1, payment: 1, notification: 1 }, env: { ...OUTAGE_ENV, STUCK_ALERT_AFTER_MS: '3000' } });
    await system.setStock('CHART-1', 50, 900);
    const order = (token: string): Promise<string> => system.placeOrder({ customerId: 'c-chart', email: 'chart@example.com', items: [{ sku: 'CHART-1', quantity: 1 }], payment: { token } });
    await Promise.all([order('tok_visa'), order('tok_visa'), order('tok_visa'), order('tok_decline')]);
    await system.waitForQuiescence(60_000);
    await ordersFailedByPaymentOutage(system, 'CHART-1', 2);
    await system.waitForQuiescence(60_000);
    // The workers flush their counts every 2 s: wait until the trends hold every ended order.
    await waitFor(async () => {
      const view = (await (await system.adminFetch('/admin/trends')).json()) as { ordersByStatus: Record<string, number[]> };
      return Object.values(view.ordersByStatus).reduce((sum, values) => sum + total(values), 0) === 6 ? true : undefined;
    }, 15_000, 'six ended orders in the trends');
    password = await system.addOperator('chart-operator');
    ({ browser, page, consoleErrors } = await launchConsoleBrowser());
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('says on every view that orders need an operator, and links to them', async () => {
    await signInToConsole(page, system.apiUrl, 'chart-operator', password);
    const banner = page.getByTestId('operator-banner');
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await banner.innerText(), /^2 orders need an operator: they ended FAILED/);
    assert.equal(await page.getByTestId('stuck-banner').isHidden(), true, 'no saga is stuck while workers run');
    await page.getByTestId('operator-banner-link').click();
    await page.waitForURL(/#\/orders\?status=FAILED$/);
    await waitFor(async () => ((await page.locator('[data-testid=order-row][data-status=FAILED]').count()) === 2 ? true : undefined), 10_000, 'the two FAILED orders listed');
  });

  it('draws the four charts from the per-minute trends, with the range in the URL', async () => {
    await page.locator('[data-nav=trends]').click();
    await page.waitForURL(/#\/trends$/);
    const chart = (name: string) => page.getByTestId(`chart-${name}`);
    await page.locator('#trends[data-state=drawn]').waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('trends-range').inputValue(), '1h');
    const drawn = async (name: string): Promise<{ points: number; total: number; canvas: { width: number; height: number } | null; legend: string }> => ({
      points: Number(await chart(name).getAttribute('data-points')),
      total: Number(await chart(name).getAttribute('data-total')),
      canvas: await chart(name).locator('canvas').first().boundingBox(),
      legend: await chart(name).locator('.u-legend').innerText(),
    });
    const orders = await drawn('orders');
    assert.ok(orders.points === 60 || orders.points === 61, `one point a minute for an hour (${orders.points})`);
    assert.equal(orders.total, 6, 'every ended order is on the chart');
    assert.ok(orders.canvas !== null && orders.canvas.width > 200 && orders.canvas.height > 100, 'drawn on a canvas');
    assert.match(orders.legend, /Completed[\s\S]*Cancelled[\s\S]*Failed/);
    const failures = await drawn('failures');
    assert.equal(failures.total, 3, 'one declined card and two orders failed in the outage');
    assert.match(failures.legend, /PAYMENT_DECLINED/);
    assert.ok((await drawn('providers')).total > 0, 'the payment provider\'s errors during the outage');
    const latency = await drawn('latency');
    assert.ok(latency.total >= 1 && latency.canvas !== null, 'latency percentiles where orders ended');
    assert.match(latency.legend, /p50[\s\S]*p95[\s\S]*p99/);
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: 'reports/console-trends.png', fullPage: true });

    await page.getByTestId('trends-range').selectOption('6h');
    await page.waitForURL(/#\/trends\?range=6h$/);
    await waitFor(async () => ([360, 361].includes(Number(await chart('orders').getAttribute('data-points'))) ? true : undefined), 10_000, 'the chart redrawn for 6 hours');
    assert.equal(Number(await chart('orders').getAttribute('data-total')), 6);
    await page.reload();
    await page.locator('#trends[data-state=drawn]').waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('trends-range').inputValue(), '6h', 'the range comes from the URL');
  });

  it('shows a banner while the mail server is failing (its circuit open in a worker)', async () => {
    const circuits = system.env.db.collection<{ _id: string }>(COLLECTION.PROVIDER_CIRCUITS);
    await circuits.insertOne({ _id: 'mail:browser-test', provider: 'mail', instance: 'browser-test', state: 'open', openUntil: new Date(Date.now() + 60_000), updatedAt: new Date() } as never);
    await page.reload();
    const banner = page.getByTestId('provider-banner');
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await banner.innerText(), /The mail server is failing: 1 worker has stopped calling it/);
    await circuits.deleteOne({ _id: 'mail:browser-test' });
  });

  it('shows a banner when a saga is stuck: its step sent longer ago than STUCK_ALERT_AFTER_MS and no worker to take it back', async () => {
    const banner = page.getByTestId('stuck-banner');
    assert.equal(await banner.isHidden(), true);
    await Promise.all([APP.INVENTORY_WORKER, APP.PAYMENT_WORKER, APP.NOTIFICATION_WORKER].flatMap((name) => system.workers(name)).map((worker) => worker.stop()));
    await system.placeOrder({ customerId: 'c-chart', email: 'stuck@example.com', items: [{ sku: 'CHART-1', quantity: 1 }], payment: { token: 'tok_visa' } });
    // Without a reload: the live stream re-sends the overview every 15 s, and time alone makes a saga stuck.
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await banner.innerText(), /^1 saga is stuck: its step was sent more than 3\.0 s ago/);
    await page.screenshot({ path: 'reports/console-alerts.png', fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });
});
