/**
 * A tour of the console on a system with some history — completed, declined and FAILED orders,
 * stock, operator actions — that takes the screenshot of each view shown in `docs/dashboard.md`
 * (to SCREENSHOT_DIR: `reports/dashboard/` by default; `SCREENSHOT_DIR=docs/dashboard npm test --
 * console-tour` refreshes the documented ones), and checks on the way the views it shows:
 * two operators retrying the same FAILED order at once (one applies, the other is refused, and
 * the audit view shows both under their own names) and the audit view's links.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadTestConfig } from '@app/config';
import { COLLECTION } from '@app/dal';
import { waitFor } from '@app/testing';
import { launchConsoleBrowser, signInToConsole } from '../support/browser';
import { OUTAGE_ENV, ordersFailedByPaymentOutage } from '../support/payment-outage';
import { System } from '../support/system';

const SHOTS = loadTestConfig().screenshotDir;

describe('console tour: every view, and two operators at once', () => {
  let system: System;
  let browser: Browser;
  let grace: Page;
  let linus: Page;
  let consoleErrors: string[] = [];
  const failed: string[] = [];
  const passwords = new Map<string, string>();

  before(async () => {
    system = await System.start({ label: 'browser-tour', workers: { inventory: 1, payment: 1, notification: 1 }, env: OUTAGE_ENV });
    for (const [sku, available, price] of [['TOUR-MUG', 40, 1_250], ['TOUR-TEE', 25, 1_999], ['TOUR-CAP', 8, 1_500]] as const) await system.setStock(sku, available, price);
    const placed: string[] = [];
    for (let i = 0; i < 9; i += 1) {
      const sku = ['TOUR-MUG', 'TOUR-TEE', 'TOUR-CAP'][i % 3] ?? 'TOUR-MUG';
      placed.push(await system.placeOrder({ customerId: `c-tour-${i % 4}`, email: `buyer${i % 4}@example.com`, items: [{ sku, quantity: 1 + (i % 2) }], payment: { token: i === 4 ? 'tok_decline' : 'tok_visa' } }));
    }
    await waitFor(async () => ((await system.orders()).filter((o) => placed.includes(o._id) && ['COMPLETED', 'CANCELLED'].includes(o.saga.status)).length === placed.length ? true : undefined), 60_000, 'the tour orders to end');
    failed.push(...(await ordersFailedByPaymentOutage(system, 'TOUR-TEE', 2)));
    for (const name of ['grace', 'linus']) passwords.set(name, await system.addOperator(name));
    const launched = await launchConsoleBrowser();
    ({ browser, consoleErrors } = launched);
    grace = launched.page;
    linus = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    linus.on('pageerror', (error) => consoleErrors.push(error.message));
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  it('shows the sign-in form, the overview, the orders, an order and the inventory', async () => {
    await grace.goto(`${system.apiUrl}/dashboard/`);
    await grace.getByTestId('login-form').waitFor();
    await shot(grace, 'sign-in');
    await signInToConsole(grace, system.apiUrl, 'grace', passwords.get('grace') ?? '');
    await grace.locator('[data-testid=status-tile-FAILED]').waitFor();
    await grace.locator('[data-testid=workers-table] tbody tr').first().waitFor();
    await shot(grace, 'overview');
    await grace.goto(`${system.apiUrl}/dashboard/#/orders`);
    await grace.locator('[data-testid=order-row]').nth(10).waitFor();
    await shot(grace, 'orders');
    await grace.goto(`${system.apiUrl}/dashboard/#/orders/${failed[1] ?? ''}`);
    await grace.locator('[data-testid=history-entry]').first().waitFor();
    await grace.setViewportSize({ width: 1280, height: 1900 }); // the drawer scrolls on its own: show all of it
    await shot(grace, 'order-detail');
    await grace.setViewportSize({ width: 1280, height: 900 });
    await grace.goto(`${system.apiUrl}/dashboard/#/inventory/TOUR-TEE`);
    await grace.locator('[data-testid=inventory-row]').nth(2).waitFor();
    await shot(grace, 'inventory');
  });

  it('shows the bulk confirmation for every FAILED order, saying what will happen', async () => {
    await grace.goto(`${system.apiUrl}/dashboard/#/orders?status=FAILED`);
    await grace.locator('[data-testid=bulk-matching][data-count="2"]').waitFor();
    await grace.getByTestId('bulk-retry-all').click();
    assert.match(await grace.getByTestId('bulk-confirm-text').innerText(), /^Retry 2 orders matching status=FAILED/);
    await grace.getByTestId('bulk-reason').fill('payment outage is over');
    await shot(grace, 'bulk');
  });

  it('lets two operators retry the same FAILED order at once: one applies, the other is refused, and the audit view shows both by name', async () => {
    const target = failed[0] ?? '';
    await signInToConsole(linus, system.apiUrl, 'linus', passwords.get('linus') ?? '');
    const pages: [Page, string][] = [[grace, 'grace'], [linus, 'linus']];
    for (const [page, name] of pages) {
      await page.goto(`${system.apiUrl}/dashboard/#/orders/${target}`);
      await page.getByTestId('action-retry').click();
      await page.getByTestId('action-reason').fill(`${name}: provider is back`);
    }
    await Promise.all(pages.map(([page]) => page.getByTestId('action-confirm').click()));
    const outcomes = await waitFor(async () => {
      const entries = (await (await system.adminFetch('/admin/audit')).json()) as { operator: string; orderId?: string; outcome: string }[];
      const mine = entries.filter((entry) => entry.orderId === target && ['grace', 'linus'].includes(entry.operator));
      return mine.length === 2 ? mine : undefined;
    }, 15_000, 'both operators\' actions in the audit trail');
    assert.deepEqual(outcomes.map((entry) => entry.outcome === 'APPLIED').sort(), [false, true], JSON.stringify(outcomes));
    await grace.goto(`${system.apiUrl}/dashboard/#/audit`);
    for (const name of ['grace', 'linus']) await grace.locator(`[data-testid=audit-row][data-operator=${name}][data-action="order.retry"]`).waitFor();
    assert.equal(await grace.locator('[data-testid=audit-row][data-outcome=APPLIED][data-action="order.retry"]').count(), 1);
    await shot(grace, 'audit');
    await grace.locator(`[data-testid=audit-row] a[href="#/orders/${target}"]`).first().click();
    await grace.locator('[data-testid=order-audit] [data-testid=audit-entry]').nth(1).waitFor();
  });

  it('shows a stuck item lock and its busy SKU on the locks view, and the trends of the orders so far', async () => {
    // a worker that took TOUR-CAP's lock and stopped: the next order on it is re-queued as busy
    const now = Date.now();
    await system.env.db.collection<{ _id: string }>(COLLECTION.INVENTORY_LOCKS).insertOne({ _id: 'TOUR-CAP', owner: 'paused-worker', expiresAt: new Date(now + 120_000), acquiredAt: new Date(now) } as never);
    const waiting = await system.placeOrder({ customerId: 'c-tour-9', email: 'buyer9@example.com', items: [{ sku: 'TOUR-CAP', quantity: 1 }], payment: { token: 'tok_visa' } });
    await grace.goto(`${system.apiUrl}/dashboard/#/locks`);
    await grace.locator('[data-testid=lock-row][data-sku="TOUR-CAP"]').waitFor({ timeout: 10_000 });
    await grace.locator('[data-testid=busy-row][data-sku="TOUR-CAP"]').waitFor({ timeout: 20_000 });
    await shot(grace, 'locks');
    // the order that finds the item busy waits in the delayed set between tries: its drawer says when it runs next
    await grace.goto(`${system.apiUrl}/dashboard/#/orders/${waiting}`);
    await waitFor(async () => {
      await grace.reload(); // reads the order afresh: between tries its job may be running rather than delayed
      await grace.locator('[data-testid=order-history]').waitFor();
      return (await grace.getByTestId('next-run').count()) > 0 ? true : undefined;
    }, 20_000, 'the busy order\'s next run to show');
    assert.match(await grace.getByTestId('next-run').innerText(), /next run/);
    await grace.goto(`${system.apiUrl}/dashboard/#/trends?range=15m`);
    await grace.locator('#trends[data-state=drawn]').waitFor({ timeout: 10_000 });
    assert.ok(Number(await grace.locator('[data-chart=orders]').getAttribute('data-total')) >= 9, 'the tour\'s ended orders are in the chart');
    await shot(grace, 'trends');
  });

  it('opens the read-only queues board', async () => {
    const [board] = await Promise.all([grace.context().waitForEvent('page'), grace.getByTestId('queues-link').click()]);
    await board.waitForLoadState();
    await board.getByText('inventory', { exact: false }).first().waitFor({ timeout: 20_000 });
    await shot(board, 'queues');
    await board.close();
    assert.deepEqual(consoleErrors, []);
  });
});
