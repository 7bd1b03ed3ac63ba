/**
 * Locks and stock in the console against the real system: an item lock held by a worker that
 * stopped (written as it would have written it) shows on `#/locks` with its owner, expiry and
 * fence; the order that then keeps finding the item busy puts the SKU in the busy top-K (counted
 * by the real inventory worker); from the lock the SKU's view shows the lock and the order that
 * holds its stock, from there the order, and from the order's reservation the SKU again. Once the
 * lock is gone the view drops it on its own and the waiting order takes its hold.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { COLLECTION } from '@app/dal';
import { waitFor } from '@app/testing';
import { launchConsoleBrowser, signInToConsole } from '../support/browser';
import { System } from '../support/system';

const SKU = 'LOCK-1';

describe('console: item locks, busy SKUs and the orders holding stock', () => {
  let system: System;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  let holderId = '';
  let waitingId = '';

  before(async () => {
    // No payment worker: a reserved order stays RESERVED, holding its stock.
    system = await System.start({ label: 'browser-locks', workers: { inventory: 1, payment: 0, notification: 0 } });
    await system.setStock(SKU, 10, 500);
    holderId = await system.placeOrder({ customerId: 'c-locks', email: 'locks@example.com', items: [{ sku: SKU, quantity: 2 }], payment: { token: 'tok_visa' } });
    await waitFor(async () => ((await system.orders()).find((o) => o._id === holderId)?.saga.status === 'RESERVED' ? true : undefined), 30_000, 'the first order to hold its stock');
    // A worker that took the item's lock and stopped: the lock stays live for two minutes.
    const now = Date.now();
    await system.env.db.collection<{ _id: string }>(COLLECTION.INVENTORY_LOCKS).insertOne({ _id: SKU, owner: 'paused-worker', expiresAt: new Date(now + 120_000), acquiredAt: new Date(now) } as never);
    waitingId = await system.placeOrder({ customerId: 'c-locks', email: 'locks2@example.com', items: [{ sku: SKU, quantity: 1 }], payment: { token: 'tok_visa' } });
    const password = await system.addOperator('lock-operator');
    ({ browser, page, consoleErrors } = await launchConsoleBrowser());
    await signInToConsole(page, system.apiUrl, 'lock-operator', password);
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('shows the live lock with its owner, expiry and fence, and the SKU among the busy ones', async () => {
    await page.locator('[data-nav=locks]').click();
    assert.match(page.url(), /#\/locks$/);
    const lock = page.locator(`[data-testid=lock-row][data-sku="${SKU}"]`);
    await lock.waitFor({ timeout: 10_000 });
    assert.equal(await lock.getAttribute('data-owner'), 'paused-worker');
    assert.match(await lock.getByTestId('lock-expires-in').innerText(), /^\d+(\.\d)? (s|min)$/);
    assert.match(await lock.innerText(), /#1\b/, 'the fence the first order\'s pass took');
    // The waiting order is re-queued while the lock is held; the worker flushes its counts every 2 s.
    const busy = page.locator(`[data-testid=busy-row][data-sku="${SKU}"]`);
    await busy.waitFor({ timeout: 20_000 });
    assert.ok(Number(await busy.getAttribute('data-count')) >= 1);
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: 'reports/console-locks.png', fullPage: true });
  });

  it('links the lock to the SKU (its lock and holds), the hold to the order, and the order\'s reservation back to the SKU', async () => {
    await page.locator(`[data-testid=lock-row][data-sku="${SKU}"] [data-testid=sku-link]`).click();
    await page.waitForURL(new RegExp(`#/inventory/${SKU}$`));
    await page.locator('[data-testid=sku-lock][data-owner=paused-worker]').waitFor({ timeout: 10_000 });
    const hold = page.locator(`[data-testid=hold-row][data-order-id="${holderId}"]`);
    await hold.waitFor({ timeout: 10_000 });
    assert.match(await hold.innerText(), /\t2\t.*RESERVED/s, 'two units held by an order that is RESERVED');
    assert.equal(await page.locator(`[data-testid=hold-row][data-order-id="${waitingId}"]`).count(), 0, 'the waiting order holds nothing');

    await hold.getByTestId('order-link').click();
    await page.waitForURL(new RegExp(`#/orders/${holderId}$`));
    const reservation = page.locator(`[data-testid=order-detail] [data-testid=reservation-row][data-sku="${SKU}"]`);
    await reservation.waitFor({ timeout: 10_000 });
    await reservation.getByTestId('sku-link').click();
    await page.waitForURL(new RegExp(`#/inventory/${SKU}$`));
    await page.locator(`[data-testid=hold-row][data-order-id="${holderId}"]`).waitFor();
  });

  it('drops the lock once it is gone, and the waiting order then holds its stock too', async () => {
    await system.env.db.collection<{ _id: string }>(COLLECTION.INVENTORY_LOCKS).deleteOne({ _id: SKU, owner: 'paused-worker' });
    await page.locator('[data-testid=hold-count][data-value="2"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=sku-lock][data-owner=""]').waitFor();
    await page.locator(`[data-testid=hold-row][data-order-id="${waitingId}"]`).waitFor();
    await page.locator('[data-nav=locks]').click();
    await page.locator(`[data-testid=lock-row][data-sku="${SKU}"]`).waitFor({ state: 'detached', timeout: 10_000 });
    assert.deepEqual(consoleErrors, []);
  });
});
