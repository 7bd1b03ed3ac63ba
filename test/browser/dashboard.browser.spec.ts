/**
 * The admin dashboard in headless Chromium against the real system: sign in with the admin
 * token, see orders and their saga history, cancel an order as an operator, set stock (and see
 * the API's message per wrong field, with the request id).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadTestConfig } from '@app/config';
import { APP, waitFor } from '@app/testing';
import { ADMIN_TOKEN, System } from '../support/system';

describe('admin dashboard in a browser', () => {
  let system: System;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  let completedId = '';
  let pendingId = '';

  before(async () => {
    system = await System.start({ label: 'browser', workers: { inventory: 1, payment: 1, notification: 1 } });
    await system.setStock('WEB-1', 10, 1999);
    completedId = await system.placeOrder({ customerId: 'c-web', email: 'web@example.com', items: [{ sku: 'WEB-1', quantity: 2 }], payment: { token: 'tok_visa' } });
    await waitFor(async () => ((await system.orders()).find((o) => o._id === completedId)?.saga.status === 'COMPLETED' ? true : undefined), 30_000, 'the first order to complete');
    // stop the inventory worker so that the next order stays cancellable
    await Promise.all(system.workers(APP.INVENTORY_WORKER).map((worker) => worker.stop()));
    pendingId = await system.placeOrder({ customerId: 'c-web', email: 'web2@example.com', items: [{ sku: 'WEB-1', quantity: 1 }], payment: { token: 'tok_visa' } });

    browser = await chromium.launch({
      executablePath: loadTestConfig().chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
    await system.stop();
  });

  it('refuses a wrong token, then signs in and shows orders by status', async () => {
    await page.goto(`${system.apiUrl}/dashboard/`);
    await page.getByTestId('token-input').fill('wrong-token-wrong-token');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('auth-error').waitFor({ state: 'visible' });
    await page.getByTestId('token-input').fill(ADMIN_TOKEN);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid=status-tile-COMPLETED][data-value="1"]').waitFor({ timeout: 10_000 });
    await page.locator(`[data-testid=order-row][data-order-id="${completedId}"]`).waitFor();
    await page.locator(`[data-testid=order-row][data-order-id="${pendingId}"]`).waitFor();
  });

  it('shows a completed order with its five saga steps', async () => {
    await page.locator(`[data-testid=order-row][data-order-id="${completedId}"]`).click();
    const detail = page.getByTestId('order-detail');
    await detail.waitFor({ state: 'visible' });
    // The panel opens at once and fills when the order arrives: wait for its last step.
    await detail.locator('[data-testid=history-entry][data-step=SEND_CONFIRMATION]').waitFor();
    const steps = await detail.locator('[data-testid=history-entry][data-outcome=SUCCEEDED]').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-step')));
    assert.deepEqual(steps, ['RESERVE_STOCK', 'AUTHORIZE_PAYMENT', 'COMMIT_STOCK', 'CAPTURE_PAYMENT', 'SEND_CONFIRMATION']);
    assert.equal(await detail.getByTestId('action-cancel').count(), 0, 'a completed order offers no cancel');
    await page.getByTestId('detail-close').click();
  });

  it('lets an operator cancel a pending order', async () => {
    await page.locator(`[data-testid=order-row][data-order-id="${pendingId}"]`).click();
    await page.getByTestId('action-cancel').click();
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('action-notice').waitFor({ state: 'visible' });
    const order = (await (await system.adminFetch(`/admin/orders/${pendingId}`)).json()) as { order: { cancelRequested: boolean } };
    assert.equal(order.order.cancelRequested, true);
    await page.getByTestId('detail-close').click();
  });

  it('sets stock from the inventory form, and shows field errors for bad input', async () => {
    await page.getByTestId('stock-sku').fill('WEB-2');
    await page.getByTestId('stock-available').fill('-5');
    await page.getByTestId('stock-submit').click();
    const summary = page.getByTestId('stock-error');
    await summary.waitFor({ state: 'visible' });
    assert.match(await summary.innerText(), /Available must be an integer from 0 to 1000000000\./, 'the API\'s one message for the field');
    assert.equal(await page.locator('[data-field-error=available]').innerText(), 'Available must be an integer from 0 to 1000000000.');
    assert.match(await summary.getByTestId('request-id').innerText(), /^[0-9a-f-]{36}$/, 'the notice quotes the request id');
    await page.getByTestId('stock-available').fill('42');
    await page.getByTestId('stock-price').fill('1250');
    await page.getByTestId('stock-submit').click();
    await page.locator('[data-testid=inventory-row][data-sku="WEB-2"]').waitFor({ timeout: 10_000 });
    const stock = (await (await system.adminFetch('/admin/inventory/WEB-2')).json()) as { available: number; unitPrice: number };
    assert.deepEqual([stock.available, stock.unitPrice], [42, 1250]);
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: 'reports/dashboard.png', fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });
});
