/**
 * The admin console in headless Chromium against the real system: sign in as a named
 * operator, see orders and their saga history, cancel an order as an operator, set stock (and see
 * the API's message per wrong field, with the request id); live updates during a burst without
 * moving the table; search by id prefix, customer, email and SKU; shareable hash routes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { COLLECTION } from '@app/dal';
import { APP, waitFor } from '@app/testing';
import { launchConsoleBrowser } from '../support/browser';
import { System } from '../support/system';

describe('admin dashboard in a browser', () => {
  let system: System;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  let completedId = '';
  let pendingId = '';
  let password = '';

  before(async () => {
    system = await System.start({ label: 'browser', workers: { inventory: 1, payment: 1, notification: 1 } });
    await system.setStock('WEB-1', 10, 1999);
    completedId = await system.placeOrder({ customerId: 'c-web', email: 'web@example.com', items: [{ sku: 'WEB-1', quantity: 2 }], payment: { token: 'tok_visa' } });
    await waitFor(async () => ((await system.orders()).find((o) => o._id === completedId)?.saga.status === 'COMPLETED' ? true : undefined), 30_000, 'the first order to complete');
    // stop the inventory worker so that the next order stays cancellable
    await Promise.all(system.workers(APP.INVENTORY_WORKER).map((worker) => worker.stop()));
    pendingId = await system.placeOrder({ customerId: 'c-web', email: 'web2@example.com', items: [{ sku: 'WEB-1', quantity: 1 }], payment: { token: 'tok_visa' } });

    password = await system.addOperator('web-operator');
    ({ browser, page, consoleErrors } = await launchConsoleBrowser());
  });

  after(async () => {
    await browser?.close();
    await system.stop();
  });

  it('refuses a wrong password, then signs in and shows orders by status', async () => {
    await page.goto(`${system.apiUrl}/dashboard/`);
    await page.getByTestId('operator-input').fill('web-operator');
    await page.getByTestId('password-input').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('auth-error').waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('auth-error').innerText(), 'Wrong operator name or password.');
    await page.getByTestId('password-input').fill(password);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid=status-tile-COMPLETED][data-value="1"]').waitFor({ timeout: 10_000 });
    await page.locator('[data-testid=live-status][data-state=live]').waitFor({ timeout: 10_000 });
    await page.getByTestId('status-tile-PENDING').click();
    assert.match(page.url(), /#\/orders\?status=PENDING$/);
    await page.locator(`[data-testid=order-row][data-order-id="${pendingId}"]`).waitFor();
    assert.equal(await page.locator(`[data-testid=order-row][data-order-id="${completedId}"]`).count(), 0, 'the tile filtered the list');
    await page.locator('[data-nav=orders]').click();
    await page.locator(`[data-testid=order-row][data-order-id="${completedId}"]`).waitFor();
    await page.locator(`[data-testid=order-row][data-order-id="${pendingId}"]`).waitFor();
  });

  it('shows a completed order with its five saga steps, at a URL of its own', async () => {
    await page.locator(`[data-testid=order-row][data-order-id="${completedId}"]`).click();
    assert.ok(page.url().endsWith(`#/orders/${completedId}`));
    const detail = page.getByTestId('order-detail');
    await detail.waitFor({ state: 'visible' });
    // The panel opens at once and fills when the order arrives: wait for its last step.
    await detail.locator('[data-testid=history-entry][data-step=SEND_CONFIRMATION]').waitFor();
    const steps = await detail.locator('[data-testid=history-entry][data-outcome=SUCCEEDED]').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('data-step')));
    assert.deepEqual(steps, ['RESERVE_STOCK', 'AUTHORIZE_PAYMENT', 'COMMIT_STOCK', 'CAPTURE_PAYMENT', 'SEND_CONFIRMATION']);
    const durations = await detail.getByTestId('step-duration').allInnerTexts();
    assert.equal(durations.length, 5);
    for (const duration of durations) assert.match(duration, /^\d+(\.\d)? (ms|s|min)$/, 'each step shows how long it took since the one before');
    assert.equal(await detail.getByTestId('payment-note').innerText(), 'charged');
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
    await page.locator('[data-nav=inventory]').click();
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

    // Editing a SKU sends the version read: a set computed from figures that moved is refused.
    await page.locator('[data-testid=inventory-row][data-sku="WEB-2"] button[data-edit]').click();
    await page.waitForURL(/#\/inventory\/WEB-2$/);
    for (let tries = 0; (await page.getByTestId('stock-available').inputValue()) !== '42' && tries < 50; tries += 1) await page.waitForTimeout(100);
    assert.equal(await page.getByTestId('stock-available').inputValue(), '42', 'Edit fills the form with the figures read');
    const delivered = await system.adminFetch('/admin/inventory/WEB-2/adjust', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ delta: 3, reason: 'delivery meanwhile' }) });
    assert.equal(delivered.status, 200);
    await page.getByTestId('stock-available').fill('40');
    await page.getByTestId('stock-submit').click();
    await page.getByTestId('stock-error').waitFor({ state: 'visible' });
    assert.match(await page.getByTestId('stock-error').innerText(), /changed since you opened it \(now 45 available/);
    assert.equal(((await (await system.adminFetch('/admin/inventory/WEB-2')).json()) as { available: number }).available, 45, 'the stale set changed nothing');
    await page.getByTestId('stock-submit').click();
    await page.getByTestId('stock-success').waitFor({ state: 'visible' });
    assert.equal(((await (await system.adminFetch('/admin/inventory/WEB-2')).json()) as { available: number }).available, 40, 'saved once the operator has seen the new figures');

    // Adjust by delta: never below zero, and the reason is required.
    assert.equal(await page.getByTestId('adjust-sku').inputValue(), 'WEB-2', 'Edit fills the adjust form too');
    await page.getByTestId('adjust-delta').fill('-100');
    await page.getByTestId('adjust-reason').fill('flood in the warehouse');
    await page.getByTestId('adjust-submit').click();
    await page.getByTestId('adjust-error').waitFor({ state: 'visible' });
    assert.match(await page.getByTestId('adjust-error').innerText(), /fewer than 100 units available/);
    await page.getByTestId('adjust-delta').fill('-5');
    await page.getByTestId('adjust-submit').click();
    await page.getByTestId('adjust-success').waitFor({ state: 'visible' });
    assert.match(await page.getByTestId('adjust-success').innerText(), /Adjusted WEB-2 by -5: 35 available/);
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: 'reports/dashboard.png', fullPage: true });
  });

  it('lists the live worker processes on the overview, and warns of a queue with waiting jobs and no live consumer', async () => {
    await page.goto(`${system.apiUrl}/dashboard/#/overview`);
    // The suite stopped the inventory worker (its pending order waits): two workers are alive.
    await waitFor(async () => ((await page.getByTestId('worker-row').count()) === 2 ? true : undefined), 40_000, 'two live workers listed');
    const kinds = await page.getByTestId('worker-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')));
    assert.deepEqual(kinds, ['notification-worker', 'payment-worker']);
    const warning = page.getByTestId('unattended-queues');
    await warning.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await warning.innerText(), /waiting in inventory and no live worker consuming it/);
  });

  it('shows a banner on every view while a worker has stopped calling the payment provider (its circuit is open)', async () => {
    const banner = page.getByTestId('provider-banner');
    assert.equal(await banner.isHidden(), true, 'no banner while every circuit is closed');
    // What a payment worker records when its circuit opens (ProviderCircuits): open for a minute.
    const circuits = system.env.db.collection<{ _id: string }>(COLLECTION.PROVIDER_CIRCUITS);
    await circuits.insertOne({ _id: 'payment:browser-test', provider: 'payment', instance: 'browser-test', state: 'open', openUntil: new Date(Date.now() + 60_000), updatedAt: new Date() } as never);
    await page.goto(`${system.apiUrl}/dashboard/#/inventory`);
    await page.reload();
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await banner.innerText(), /The payment provider is failing: 1 worker has stopped calling it/);
    await circuits.deleteOne({ _id: 'payment:browser-test' });
    await page.reload();
    await page.locator('[data-testid=status-tile-COMPLETED]:not([data-value=""])').waitFor({ state: 'attached' });
    await waitFor(async () => ((await banner.isHidden()) ? true : undefined), 10_000, 'the banner to go once the circuit is closed');
  });

  it('shows a burst live: tiles move and an "N new orders" bar appears, while the rows, the scroll and the open order stay', async () => {
    await page.goto(`${system.apiUrl}/dashboard/#/orders/${completedId}`);
    await page.getByTestId('order-detail').waitFor({ state: 'visible' });
    await page.locator('[data-testid=live-status][data-state=live]').waitFor({ timeout: 10_000 });
    // The list loads on its own, next to the open order: take the rows once they are there.
    await page.getByTestId('order-row').first().waitFor();
    const rowsBefore = await page.getByTestId('order-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-order-id')));
    await page.getByTestId('row-select').first().check();
    const metrics = (await (await system.adminFetch('/admin/metrics')).json()) as { ordersByStatus: Record<string, number> };
    const pending = metrics.ordersByStatus['PENDING'] ?? 0;
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => system.placeOrder({ customerId: `c-burst-${i % 3}`, email: `burst${i}@example.com`, items: [{ sku: 'WEB-1', quantity: 1 }], payment: { token: 'tok_visa' } })));
    await page.locator('[data-testid=new-orders-bar][data-count="20"]').waitFor({ timeout: 10_000 });
    await page.locator(`[data-testid=status-tile-PENDING][data-value="${pending + 20}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    const rowsDuring = await page.getByTestId('order-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-order-id')));
    assert.deepEqual(rowsDuring, rowsBefore, 'the table did not jump');
    assert.equal(await page.getByTestId('row-select').first().isChecked(), true, 'the selection stayed');
    assert.equal(await page.getByTestId('order-detail').isVisible(), true, 'the open order stayed open');
    await page.getByTestId('new-orders-bar').click();
    for (const id of burst) await page.locator(`[data-testid=order-row][data-order-id="${id}"]`).waitFor();
    await page.getByTestId('detail-close').click();
  });

  it('finds orders by id prefix, customer, email and SKU, with the filter in a shareable URL and copyable ids', async () => {
    await system.setStock('WEB-3', 5, 500);
    const skuOrder = await system.placeOrder({ customerId: 'c-find', email: 'find@example.com', items: [{ sku: 'WEB-3', quantity: 1 }], payment: { token: 'tok_visa' } });
    const rows = (): Promise<(string | null)[]> => page.getByTestId('order-row').evaluateAll((found) => found.map((row) => row.getAttribute('data-order-id')));
    const onlyRow = (id: string): Promise<unknown> => page.waitForFunction(`[...document.querySelectorAll('[data-testid=order-row]')].map((row) => row.getAttribute('data-order-id')).join() === ${JSON.stringify(id)}`);
    const search = async (field: string, text: string): Promise<void> => {
      await page.getByTestId('search-field').selectOption(field);
      await page.getByTestId('search-input').fill(text);
      await page.getByTestId('filter-apply').click();
      await page.waitForURL((url) => url.hash.includes(`${field}=`));
    };
    await search('email', 'web@example.com');
    await onlyRow(completedId);
    assert.deepEqual(await rows(), [completedId]);
    await search('sku', 'WEB-3');
    await onlyRow(skuOrder);
    await search('customerId', 'c-find');
    await onlyRow(skuOrder);
    await search('orderId', skuOrder.slice(0, 12));
    await page.locator(`[data-testid=order-row][data-order-id="${skuOrder}"]`).waitFor();
    // the URL alone reproduces the view, in a fresh page of the same signed-in browser
    const shared = await page.context().newPage();
    await shared.goto(`${system.apiUrl}/dashboard/#/orders?sku=WEB-3&status=PENDING`);
    await shared.locator(`[data-testid=order-row][data-order-id="${skuOrder}"]`).waitFor();
    assert.equal(await shared.getByTestId('search-input').inputValue(), 'WEB-3');
    assert.equal(await shared.getByTestId('status-filter').inputValue(), 'PENDING');
    await shared.goto(`${system.apiUrl}/dashboard/#/inventory/WEB-3`);
    await shared.locator('[data-testid=inventory-row][data-sku="WEB-3"].is-highlighted').waitFor();
    await shared.getByTestId('sku-orders-link').click();
    await shared.locator(`[data-testid=order-row][data-order-id="${skuOrder}"]`).waitFor();
    await shared.close();
    // the full id, copied by its button
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: system.apiUrl });
    await page.locator(`[data-testid=order-row][data-order-id="${skuOrder}"] [data-testid=copy-id]`).click();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), skuOrder);
    await page.screenshot({ path: 'reports/console-orders.png', fullPage: true });
    assert.deepEqual(consoleErrors, []);
  });
});
