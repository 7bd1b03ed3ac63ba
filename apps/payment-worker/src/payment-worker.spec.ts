/**
 * Payment worker against real servers and the sandbox provider over HTTP: each charge and refund
 * delivered more than once, every test token, the ambiguous timeout, and exhaustion.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import { loadWorkerConfig } from '@app/config';
import { SAGA_STEP } from '@app/contracts';
import { OrderRepository } from '@app/dal';
import type { Order } from '@app/domain';
import { SagaStepRunner } from '@app/saga';
import { createTestEnvironment, newOrder, startSandboxProcess, startWorkerContext, type SandboxProcess, type TestEnvironment } from '@app/testing';
import { paymentWorkerModule } from './payment-worker.module';

interface LedgerCharge {
  id: string;
  status: string;
  amount: number;
  amountRefunded: number;
  refunds: { amount: number }[];
}

describe('payment worker', () => {
  let env: TestEnvironment;
  let sandbox: SandboxProcess;
  let app: INestApplicationContext;
  let runner: SagaStepRunner;
  let orders: OrderRepository;

  before(async () => {
    env = await createTestEnvironment('payment');
    sandbox = await startSandboxProcess(1_500);
    const config = loadWorkerConfig(env.appEnv({ PAYMENT_PROVIDER_URL: sandbox.httpUrl, PAYMENT_TIMEOUT_MS: '400', RECOVERY_INTERVAL_MS: '3600000' }));
    app = await startWorkerContext(paymentWorkerModule(config));
    runner = app.get(SagaStepRunner);
    orders = app.get(OrderRepository);
  });

  after(async () => {
    await app.close();
    await sandbox.stop();
    await env.cleanup();
  });

  async function ledger(orderId: string): Promise<LedgerCharge[]> {
    const response = await fetch(`${sandbox.httpUrl}/v1/charges?orderId=${orderId}`, { headers: { authorization: 'Bearer sk_test_sandbox' } });
    assert.equal(response.status, 200);
    return ((await response.json()) as { data: LedgerCharge[] }).data;
  }

  async function atCharge(token: string): Promise<Order> {
    const order = newOrder({ token, amount: 4200, atStep: SAGA_STEP.CHARGE_PAYMENT });
    await orders.insert(order);
    return order;
  }

  const first = { number: 1, final: false };

  it('charges once however often the job is delivered, and records the charge', async () => {
    const order = await atCharge('tok_visa');
    const job = { orderId: order._id, step: SAGA_STEP.CHARGE_PAYMENT, version: order.saga.version };
    await Promise.all([runner.run(job, first), runner.run(job, first), runner.run(job, first)]);
    await runner.run(job, first);
    const charges = await ledger(order._id);
    assert.equal(charges.length, 1);
    assert.equal(charges[0]?.status, 'succeeded');
    assert.equal(charges[0]?.amount, 4200);
    const stored = await orders.findById(order._id);
    assert.equal(stored?.saga.step, SAGA_STEP.COMMIT_STOCK);
    assert.equal(stored?.payment.status, 'CHARGED');
    assert.equal(stored?.payment.chargeId, charges[0]?.id);
  });

  it('a declined card is final: no retry, compensation with PAYMENT_DECLINED', async () => {
    const order = await atCharge('tok_decline');
    await runner.run({ orderId: order._id, step: SAGA_STEP.CHARGE_PAYMENT, version: order.saga.version }, first);
    const stored = await orders.findById(order._id);
    assert.equal(stored?.saga.status, 'COMPENSATING');
    assert.equal(stored?.saga.reason, 'PAYMENT_DECLINED');
    assert.equal(stored?.saga.step, SAGA_STEP.REFUND_PAYMENT);
    assert.deepEqual((await ledger(order._id)).map((charge) => charge.status), ['failed']);
  });

  it('a flaky provider is retried with the same key until it answers, and charges once', async () => {
    const order = await atCharge('tok_flaky');
    const job = { orderId: order._id, step: SAGA_STEP.CHARGE_PAYMENT, version: order.saga.version };
    await assert.rejects(runner.run(job, { number: 1, final: false }), /503/);
    await assert.rejects(runner.run(job, { number: 2, final: false }), /503/);
    await runner.run(job, { number: 3, final: false });
    const stored = await orders.findById(order._id);
    assert.equal(stored?.saga.step, SAGA_STEP.COMMIT_STOCK);
    assert.deepEqual(stored?.history.map((entry) => entry.outcome), ['RETRYING', 'RETRYING', 'SUCCEEDED']);
    assert.equal((await ledger(order._id)).length, 1);
  });

  it('a timeout is ambiguous: the retry with the same key gets the charge that was made, never a second one', async () => {
    const order = await atCharge('tok_timeout');
    const job = { orderId: order._id, step: SAGA_STEP.CHARGE_PAYMENT, version: order.saga.version };
    await assert.rejects(runner.run(job, { number: 1, final: false }), /timeout|aborted/i);
    await runner.run(job, { number: 2, final: false });
    const charges = await ledger(order._id);
    assert.equal(charges.length, 1);
    assert.equal((await orders.findById(order._id))?.payment.chargeId, charges[0]?.id);
  });

  it('refunds in full exactly once, however often the compensation is delivered', async () => {
    const order = await atCharge('tok_visa');
    await runner.run({ orderId: order._id, step: SAGA_STEP.CHARGE_PAYMENT, version: order.saga.version }, first);
    await orders.requestCancel(order._id, 'CANCELLED_BY_CUSTOMER');
    const charged = await orders.findById(order._id);
    assert.ok(charged);
    // the next step (COMMIT_STOCK) sees the cancel: compensation starts with REFUND_PAYMENT
    await runner.run({ orderId: order._id, step: SAGA_STEP.COMMIT_STOCK, version: charged.saga.version }, first).catch(() => undefined);
    const compensating = await orders.findById(order._id);
    assert.equal(compensating?.saga.step, SAGA_STEP.REFUND_PAYMENT);
    assert.ok(compensating);
    const job = { orderId: order._id, step: SAGA_STEP.REFUND_PAYMENT, version: compensating.saga.version };
    await Promise.allSettled([runner.run(job, first), runner.run(job, first)]);
    await runner.run(job, first);
    const [charge] = await ledger(order._id);
    assert.equal(charge?.amountRefunded, 4200);
    assert.equal(charge?.refunds.length, 1);
    const stored = await orders.findById(order._id);
    assert.equal(stored?.payment.status, 'REFUNDED');
    assert.equal(stored?.saga.step, SAGA_STEP.RELEASE_STOCK);
  });

  it('a step that fails on its last attempt ends in compensation (STEP_EXHAUSTED), refunding whatever was charged', async () => {
    const order = await atCharge('tok_timeout');
    const job = { orderId: order._id, step: SAGA_STEP.CHARGE_PAYMENT, version: order.saga.version };
    await runner.run(job, { number: 8, final: true });
    const stored = await orders.findById(order._id);
    assert.equal(stored?.saga.reason, 'STEP_EXHAUSTED');
    assert.equal(stored?.saga.step, SAGA_STEP.REFUND_PAYMENT);
    assert.ok(stored);
    await runner.run({ orderId: order._id, step: SAGA_STEP.REFUND_PAYMENT, version: stored.saga.version }, first);
    const [charge] = await ledger(order._id);
    assert.equal(charge?.status, 'succeeded', 'the provider did charge, though its answer came too late');
    assert.equal(charge?.amountRefunded, 4200, 'and the compensation refunded it');
  });
});
