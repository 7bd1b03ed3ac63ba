/**
 * Fixing a payment outage's fallout in the console: orders FAILED because the payment provider
 * stayed down past RETRY_WINDOW_MS are found by filter, retried all at once with a reason
 * (server-side bulk action, followed to its per-order results), and afterwards each order shows
 * who retried it, when and why.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@app/testing';
import { launchConsoleBrowser, signInToConsole } from '../support/browser';
import { OUTAGE_ENV, ordersFailedByPaymentOutage } from '../support/payment-outage';
import { System } from '../support/system';

describe('console: bulk retry after a payment outage', () => {
  let system: System;
  let browser: Browser;
  let page: Page;
  const failed: string[] = [];
  let consoleErrors: string[] = [];
  let password = '';

  before(async () => {
    system = await System.start({ label: 'browser-bulk', workers: { inventory: 1, payment: 1, notification: 1 }, env: OUTAGE_ENV });
    await system.setStock('BULK-1', 50, 700);
    failed.push(...(await ordersFailedByPaymentOutage(system, 'BULK-1', 3)));
    password = await system.addOperator('ops-lead');
    ({ browser, page, consoleErrors } = await launchConsoleBrowser());
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('retries every FAILED order in one action, with a confirmation that says what will happen, and records who did it and why', async () => {
    await signInToConsole(page, system.apiUrl, 'ops-lead', password);
    await page.getByTestId('status-tile-FAILED').click();
    for (const id of failed) await page.locator(`[data-testid=order-row][data-order-id="${id}"]`).waitFor();
    await page.locator('[data-testid=bulk-matching][data-count="3"]').waitFor();
    await page.getByTestId('bulk-retry-all').click();
    assert.match(await page.getByTestId('bulk-confirm-text').innerText(), /^Retry 3 orders matching status=FAILED .*FAILED order resumes its compensations or re-runs its failed step/);
    await page.getByTestId('bulk-reason').fill('payment outage is over');
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: 'reports/console-bulk.png', fullPage: true });
    await page.getByTestId('bulk-confirm').click();
    await page.locator('[data-testid=bulk-progress][data-state=DONE][data-applied="3"][data-skipped="0"]').waitFor({ timeout: 15_000 });
    await waitFor(async () => {
      const orders = await system.orders();
      return failed.every((id) => ['CANCELLED', 'COMPLETED'].includes(orders.find((o) => o._id === id)?.saga.status ?? '')) ? true : undefined;
    }, 30_000, 'the retried orders to finish');
    await page.goto(`${system.apiUrl}/dashboard/#/orders/${failed[0]}`);
    const entry = page.locator('[data-testid=audit-entry][data-action="order.retry"][data-operator=ops-lead][data-outcome=APPLIED]');
    await entry.waitFor();
    assert.match(await entry.innerText(), /Why: payment outage is over/);
    // a second retry of the same orders is refused per order, and says why
    const again = (await (await system.adminFetch('/admin/orders/bulk', { method: 'POST', body: JSON.stringify({ action: 'retry', ids: failed, reason: 'again by mistake' }) })).json()) as { bulkId: string };
    const done = await waitFor(async () => {
      const view = (await (await system.adminFetch(`/admin/bulk/${again.bulkId}`)).json()) as { state: string; skipped: number; results: { code?: string }[] };
      return view.state === 'DONE' ? view : undefined;
    }, 10_000, 'the second bulk action');
    assert.equal(done.skipped, 3);
    assert.deepEqual([...new Set(done.results.map((r) => r.code))], ['ORDER_NOT_RETRYABLE']);
    assert.deepEqual(consoleErrors, []);
  });
});
