/**
 * Named operators in the console: an operator signs in with the password the CLI printed, sees
 * who is signed in, retries an order FAILED by a payment outage, and the order's history says
 * who retried it and why; the queues board opens from the console in the same session (and not
 * without it); signing out ends the session, also for a reload.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { waitFor } from '@app/testing';
import { launchConsoleBrowser, signInToConsole } from '../support/browser';
import { OUTAGE_ENV, ordersFailedByPaymentOutage } from '../support/payment-outage';
import { System } from '../support/system';

describe('console: a named operator signs in and retries an order', () => {
  let system: System;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  let failedId = '';
  let password = '';

  before(async () => {
    system = await System.start({ label: 'browser-operators', workers: { inventory: 1, payment: 1, notification: 1 }, env: OUTAGE_ENV });
    await system.setStock('OPS-1', 10, 900);
    [failedId = ''] = await ordersFailedByPaymentOutage(system, 'OPS-1', 1);
    password = await system.addOperator('grace');
    ({ browser, page, consoleErrors } = await launchConsoleBrowser());
  });

  after(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('signs in as grace, retries the FAILED order with a reason, and the order shows who did it', async () => {
    await signInToConsole(page, system.apiUrl, 'grace', password);
    await page.goto(`${system.apiUrl}/dashboard/#/orders/${failedId}`);
    await page.getByTestId('action-retry').click();
    await page.getByTestId('action-reason').fill('payment provider is back');
    await page.getByTestId('action-confirm').click();
    await page.getByTestId('action-notice').waitFor();
    const entry = page.locator('[data-testid=audit-entry][data-action="order.retry"][data-operator=grace][data-outcome=APPLIED]');
    await entry.waitFor();
    assert.match(await entry.innerText(), /by grace.*\n?.*Why: payment provider is back/s);
    // FAILED during its compensation (the void met the outage too): the retry resumes it to CANCELLED
    await waitFor(async () => (['CANCELLED', 'COMPLETED'].includes((await system.orders()).find((o) => o._id === failedId)?.saga.status ?? '') ? true : undefined), 30_000, 'the retried order to finish');
    const history = (await system.orders()).find((o) => o._id === failedId)?.history ?? [];
    assert.ok(history.some((h) => h.error === 'retried by grace: payment provider is back'), 'the order history names the operator and the reason');
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: 'reports/console-operator.png', fullPage: true });
  });

  it('opens the read-only queues board from the console with the same session, and only with it', async () => {
    const [board] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('queues-link').click()]);
    await board.waitForLoadState();
    for (const queue of ['inventory', 'payment', 'notification']) await board.getByText(queue, { exact: false }).first().waitFor({ timeout: 20_000 });
    await board.close();
    const stranger = await browser.newPage();
    const refused = await stranger.goto(`${system.apiUrl}/admin/queues`);
    assert.equal(refused?.status(), 401);
    await stranger.close();
  });

  it('signs out: the form is back, and a reload stays signed out', async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-form').waitFor();
    await page.reload();
    await page.getByTestId('login-form').waitFor();
    assert.equal(await page.locator('#main').isHidden(), true);
    assert.equal((await system.adminFetch('/admin/audit')).status, 200, 'the bearer still works');
    assert.deepEqual(consoleErrors, []);
  });
});
