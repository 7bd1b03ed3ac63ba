/**
 * Notification worker against real servers and the sandbox's SMTP server: one confirmation per
 * completed order and one cancellation notice per cancelled order, however often the job comes;
 * a mail server outage is waited out (no attempt used up), and gives up only past RETRY_WINDOW_MS.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import { loadWorkerConfig } from '@app/config';
import { SAGA_STEP } from '@app/contracts';
import { NotificationRepository, OrderRepository } from '@app/dal';
import { LockBusyError, ProviderUnavailableError, advanceSaga } from '@app/domain';
import { SagaStepRunner } from '@app/saga';
import { createTestEnvironment, newOrder, startSandboxProcess, startWorkerContext, type SandboxProcess, type TestEnvironment } from '@app/testing';
import { notificationWorkerModule } from './notification-worker.module';

interface MailMessage {
  orderId: string;
  type: string;
  to: string[];
  subject: string;
  deliveries: number;
}

describe('notification worker', () => {
  let env: TestEnvironment;
  let sandbox: SandboxProcess;
  let app: INestApplicationContext;
  let runner: SagaStepRunner;
  let orders: OrderRepository;

  before(async () => {
    env = await createTestEnvironment('notification');
    sandbox = await startSandboxProcess();
    const config = loadWorkerConfig(env.appEnv({ SMTP_URL: sandbox.smtpUrl, RECOVERY_INTERVAL_MS: '3600000' }));
    app = await startWorkerContext(notificationWorkerModule(config));
    runner = app.get(SagaStepRunner);
    orders = app.get(OrderRepository);
  });

  after(async () => {
    await app.close();
    await sandbox.stop();
    await env.cleanup();
  });

  async function mailbox(orderId: string): Promise<MailMessage[]> {
    const response = await fetch(`${sandbox.httpUrl}/mail/messages?orderId=${orderId}`);
    return ((await response.json()) as { data: MailMessage[] }).data;
  }

  const attempt = { number: 1, final: false };

  async function setMailFault(mail: 'ok' | 'unavailable'): Promise<void> {
    const response = await fetch(`${sandbox.httpUrl}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test_sandbox' }, body: JSON.stringify({ mail }) });
    assert.equal(response.status, 200);
  }

  it('waits out a mail server outage without using up attempts, then sends once; past RETRY_WINDOW_MS the step gives up', async () => {
    const order = newOrder({ amount: 1999, atStep: SAGA_STEP.SEND_CONFIRMATION });
    await orders.insert(order);
    const job = { orderId: order._id, step: SAGA_STEP.SEND_CONFIRMATION, version: order.saga.version };
    await setMailFault('unavailable');
    try {
      await assert.rejects(runner.run(job, attempt), ProviderUnavailableError);
      await assert.rejects(runner.run(job, { ...attempt, providerFailingSince: Date.now() }), ProviderUnavailableError);
      assert.equal((await mailbox(order._id)).length, 0);
      assert.equal((await orders.findById(order._id))?.saga.status, order.saga.status, 'the order waits, it does not fail');
    } finally {
      await setMailFault('ok');
    }
    await runner.run(job, { ...attempt, providerFailingSince: Date.now() });
    assert.deepEqual((await mailbox(order._id)).map((message) => message.deliveries), [1]);
    assert.equal((await orders.findById(order._id))?.saga.status, 'COMPLETED');

    const late = newOrder({ amount: 1999, atStep: SAGA_STEP.SEND_CONFIRMATION });
    await orders.insert(late);
    await setMailFault('unavailable');
    try {
      await runner.run({ orderId: late._id, step: SAGA_STEP.SEND_CONFIRMATION, version: late.saga.version }, { ...attempt, providerFailingSince: Date.now() - 16 * 60_000 });
    } finally {
      await setMailFault('ok');
    }
    const failed = await orders.findById(late._id);
    assert.equal(failed?.saga.status, 'FAILED', 'a confirmation that cannot be sent for RETRY_WINDOW_MS needs an operator');
    assert.equal(failed?.saga.reason, 'STEP_EXHAUSTED');
  });

  it('sends exactly one confirmation and completes the order, whatever the number of deliveries', async () => {
    const order = newOrder({ amount: 1999, atStep: SAGA_STEP.SEND_CONFIRMATION });
    await orders.insert(order);
    const job = { orderId: order._id, step: SAGA_STEP.SEND_CONFIRMATION, version: order.saga.version };
    const results = await Promise.allSettled([runner.run(job, attempt), runner.run(job, attempt), runner.run(job, attempt)]);
    for (const result of results) if (result.status === 'rejected') assert.ok(result.reason instanceof LockBusyError);
    await runner.run(job, attempt);
    const messages = await mailbox(order._id);
    assert.equal(messages.length, 1);
    assert.equal(messages[0]?.type, 'confirmation');
    assert.equal(messages[0]?.deliveries, 1, 'sent once, not de-duplicated by the mailbox');
    assert.deepEqual(messages[0]?.to, ['test@example.com']);
    const stored = await orders.findById(order._id);
    assert.equal(stored?.saga.status, 'COMPLETED');
    assert.ok(stored?.completedAt);
  });

  it('a first run reads the order from its job and sends; a later run of the job loads the order and is dropped', async () => {
    const order = newOrder({ amount: 2500, atStep: SAGA_STEP.SEND_CONFIRMATION });
    await orders.insert(order);
    const { history: _history, ...carried } = order;
    const job = { orderId: order._id, step: SAGA_STEP.SEND_CONFIRMATION, version: order.saga.version, order: JSON.parse(JSON.stringify(carried)) as Record<string, unknown> };
    const load = orders.loadForStep.bind(orders);
    let loads = 0;
    orders.loadForStep = (orderId) => {
      loads += 1;
      return load(orderId);
    };
    try {
      await runner.run(job, { ...attempt, firstRun: true });
      assert.equal(loads, 0, 'no read of the order');
      assert.equal((await orders.findById(order._id))?.saga.status, 'COMPLETED');
      await runner.run(job, { ...attempt, firstRun: false });
      assert.equal(loads, 1, 'the job started again: it loaded the order, found the saga ended, and was dropped');
    } finally {
      orders.loadForStep = load;
    }
    assert.deepEqual((await mailbox(order._id)).map((m) => [m.type, m.deliveries]), [['confirmation', 1]]);
  });

  it('sends exactly one cancellation notice, which ends the compensation', async () => {
    const base = newOrder({ items: [{ sku: 'X', quantity: 1 }] });
    const saga = advanceSaga(base.saga, { kind: 'FAILED', reason: 'OUT_OF_STOCK' }, null);
    const atNotice = advanceSaga(saga, { kind: 'SUCCEEDED' }, null);
    assert.equal(atNotice.step, SAGA_STEP.SEND_CANCELLATION);
    const order = { ...base, saga: atNotice };
    await orders.insert(order);
    const job = { orderId: order._id, step: SAGA_STEP.SEND_CANCELLATION, version: atNotice.version };
    await runner.run(job, attempt);
    await runner.run(job, attempt);
    const messages = await mailbox(order._id);
    assert.deepEqual(messages.map((m) => [m.type, m.deliveries]), [['cancellation', 1]]);
    assert.match(messages[0]?.subject ?? '', /cancelled/);
    assert.equal((await orders.findById(order._id))?.saga.status, 'CANCELLED');
  });

  it('a message being sent by another worker is a busy outcome; one already sent is a no-op', async () => {
    const outbox = app.get(NotificationRepository);
    assert.equal(await outbox.claim('ord_x', 'confirmation', 'worker-a', 60_000), 'CLAIMED');
    assert.equal(await outbox.claim('ord_x', 'confirmation', 'worker-b', 60_000), 'BUSY');
    await outbox.markSent('ord_x', 'confirmation', 'worker-a', '<m@x>');
    assert.equal(await outbox.claim('ord_x', 'confirmation', 'worker-b', 60_000), 'ALREADY_SENT');
  });

  it('lets the retry of a send that failed claim the message at once', async () => {
    const outbox = app.get(NotificationRepository);
    assert.equal(await outbox.claim('ord_y', 'confirmation', 'first-run', 60_000), 'CLAIMED');
    assert.equal(await outbox.claim('ord_y', 'confirmation', 'retry', 60_000), 'BUSY', 'while the first run may still be sending');
    await outbox.giveUp('ord_y', 'confirmation', 'first-run');
    assert.equal(await outbox.claim('ord_y', 'confirmation', 'retry', 60_000), 'CLAIMED');
  });
});
