/**
 * Payment worker against real servers and the sandbox provider (Stripe's PaymentIntents subset)
 * over HTTP: authorize, capture and void each delivered more than once, every test token, the
 * ambiguous timeout, an authorization that lands after its client gave up, a worker that pauses
 * past the step, final refusals, expired authorizations, a provider outage and its retry window.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { loadWorkerConfig, type WorkerConfig } from '@app/config';
import { QUEUE, SAGA_STEP, STEP_OUTCOME, isStepBatch, type SagaJobData, type SagaStepName, type StepJobData } from '@app/contracts';
import { OrderRepository } from '@app/dal';
import { ProviderUnavailableError, type Order } from '@app/domain';
import { SagaStepRunner, type StepAttempt } from '@app/saga';
import { createTestEnvironment, newOrder, sagaAt, startSandboxProcess, startWorkerContext, type SandboxProcess, type TestEnvironment } from '@app/testing';
import { AuthorizePaymentHandler } from './authorize-payment/authorize-payment.handler';
import { paymentWorkerModule } from './payment-worker.module';

/** The sandbox's observer ledger: one entry per authorization of the order. */
interface LedgerEntry {
  id: string;
  status: 'succeeded' | 'failed' | 'pending';
  amount: number;
  captured: boolean;
  amountCaptured: number;
  amountRefunded: number;
  refunded: boolean;
  paymentIntent: string;
}

const API_KEY = { authorization: 'Bearer sk_test_sandbox' };
const first: StepAttempt = { number: 1, final: false };

describe('payment worker', () => {
  let env: TestEnvironment;
  let sandbox: SandboxProcess;
  let app: INestApplicationContext;
  let config: WorkerConfig;
  let runner: SagaStepRunner;
  let orders: OrderRepository;

  before(async () => {
    env = await createTestEnvironment('payment');
    sandbox = await startSandboxProcess(1_500);
    config = loadWorkerConfig(
      env.appEnv({ PAYMENT_PROVIDER_URL: sandbox.httpUrl, PAYMENT_TIMEOUT_MS: '400', RECOVERY_INTERVAL_MS: '3600000', RETRY_WINDOW_MS: '60000', CIRCUIT_FAILURE_THRESHOLD: '3', CIRCUIT_OPEN_MS: '300' }),
    );
    app = await startWorkerContext(paymentWorkerModule(config));
    runner = app.get(SagaStepRunner);
    orders = app.get(OrderRepository);
  });

  beforeEach(() => setFaults({ payments: 'ok' }));

  after(async () => {
    await app.close();
    await sandbox.stop();
    await env.cleanup();
  });

  async function ledger(orderId: string): Promise<LedgerEntry[]> {
    const response = await fetch(`${sandbox.httpUrl}/v1/charges?orderId=${orderId}`, { headers: API_KEY });
    assert.equal(response.status, 200);
    return ((await response.json()) as { data: LedgerEntry[] }).data;
  }

  async function setFaults(faults: { payments: 'ok' | 'unavailable' | 'hang' }): Promise<void> {
    const response = await fetch(`${sandbox.httpUrl}/sandbox/faults`, { method: 'POST', headers: { ...API_KEY, 'content-type': 'application/json' }, body: JSON.stringify(faults) });
    assert.equal(response.status, 200);
  }

  async function at(step: SagaStepName, token = 'tok_visa', amount = 4200): Promise<Order> {
    const order = newOrder({ token, amount, atStep: step });
    await orders.insert(order);
    return order;
  }

  async function stored(orderId: string): Promise<Order> {
    const order = await orders.findById(orderId);
    assert.ok(order, `order ${orderId} exists`);
    return order;
  }

  function job(order: Pick<Order, '_id' | 'saga'>): { orderId: string; step: SagaStepName; version: number } {
    assert.ok(order.saga.step);
    return { orderId: order._id, step: order.saga.step, version: order.saga.version };
  }

  /** Runs the current step of the stored order once (its job as BullMQ would deliver it). */
  async function runStep(orderId: string, attempt: StepAttempt = first): Promise<Order> {
    await runner.run(job(await stored(orderId)), attempt);
    return stored(orderId);
  }

  /** An order authorized and moved past the pivot (COMMIT_STOCK is the inventory worker's): now at CAPTURE_PAYMENT. */
  async function authorizedAtCapture(token = 'tok_visa'): Promise<Order> {
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT, token);
    const authorized = await runStep(order._id);
    assert.equal(authorized.saga.step, SAGA_STEP.COMMIT_STOCK);
    await orders.transition(order._id, authorized.saga.version, sagaAt(SAGA_STEP.CAPTURE_PAYMENT), { step: SAGA_STEP.COMMIT_STOCK, outcome: STEP_OUTCOME.SUCCEEDED, attempt: 1, at: new Date() });
    return stored(order._id);
  }

  /** An authorized order whose customer cancelled: the next step saw it, compensation is at VOID_PAYMENT. */
  async function cancelledAtVoid(order: Order): Promise<Order> {
    await orders.requestCancel(order._id, 'CANCELLED_BY_CUSTOMER');
    const current = await stored(order._id);
    // The next forward step is the inventory worker's; the runner reads the cancel before any handler runs.
    await runner.run(job(current), first).catch(() => undefined);
    const compensating = await stored(order._id);
    assert.equal(compensating.saga.step, SAGA_STEP.VOID_PAYMENT);
    return compensating;
  }

  it('authorizes once however often the job is delivered, holding the funds and moving none', async () => {
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT);
    const delivery = job(order);
    await Promise.all([runner.run(delivery, first), runner.run(delivery, first), runner.run(delivery, first)]);
    await runner.run(delivery, first);
    const entries = await ledger(order._id);
    assert.equal(entries.length, 1);
    assert.deepEqual({ status: entries[0]?.status, amount: entries[0]?.amount, captured: entries[0]?.captured, refunded: entries[0]?.refunded }, { status: 'succeeded', amount: 4200, captured: false, refunded: false });
    const after = await stored(order._id);
    assert.equal(after.saga.step, SAGA_STEP.COMMIT_STOCK);
    assert.equal(after.payment.status, 'AUTHORIZED');
    assert.equal(after.payment.paymentIntentId, entries[0]?.paymentIntent);
  });

  it('a declined card is final: no retry, compensation with PAYMENT_DECLINED, nothing held', async () => {
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT, 'tok_decline');
    const after = await runStep(order._id);
    assert.equal(after.saga.status, 'COMPENSATING');
    assert.equal(after.saga.reason, 'PAYMENT_DECLINED');
    assert.equal(after.saga.step, SAGA_STEP.VOID_PAYMENT);
    assert.deepEqual((await ledger(order._id)).map((entry) => entry.status), ['failed']);
  });

  it('any other 4xx is final too (PAYMENT_REJECTED), compensated at once, never retried', async () => {
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT, 'tok_visa', 100_000_000);
    const after = await runStep(order._id);
    assert.equal(after.saga.status, 'COMPENSATING');
    assert.equal(after.saga.reason, 'PAYMENT_REJECTED');
    assert.match(after.history.at(-1)?.error ?? '', /amount_too_large/);
    assert.equal(after.history.length, 1, 'one attempt, no RETRYING entry');
  });

  it('a flaky provider is waited out with the same key (no attempt used up) and authorizes once', async () => {
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT, 'tok_flaky');
    const delivery = job(order);
    await assert.rejects(runner.run(delivery, first), ProviderUnavailableError);
    const since = Date.now();
    await assert.rejects(runner.run(delivery, { ...first, providerFailingSince: since }), ProviderUnavailableError);
    await runner.run(delivery, { ...first, providerFailingSince: since });
    const after = await stored(order._id);
    assert.equal(after.saga.step, SAGA_STEP.COMMIT_STOCK);
    assert.deepEqual(after.history.map((entry) => entry.outcome), ['RETRYING', 'SUCCEEDED'], 'the outage is one history entry');
    assert.equal((await ledger(order._id)).length, 1);
  });

  it('a timeout is ambiguous: the retry with the same key gets the authorization that was made, never a second one', async () => {
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT, 'tok_timeout');
    await assert.rejects(runner.run(job(order), first), /timeout/i);
    await runner.run(job(order), { ...first, providerFailingSince: Date.now() });
    const entries = await ledger(order._id);
    assert.equal(entries.length, 1);
    assert.equal((await stored(order._id)).payment.paymentIntentId, entries[0]?.paymentIntent);
  });

  it('captures exactly once however often the capture is delivered, after the pivot', async () => {
    const order = await authorizedAtCapture();
    const delivery = job(order);
    await Promise.allSettled([runner.run(delivery, first), runner.run(delivery, first)]);
    await runner.run(delivery, first);
    const [entry, ...others] = await ledger(order._id);
    assert.equal(others.length, 0);
    assert.deepEqual({ captured: entry?.captured, amountCaptured: entry?.amountCaptured, refunded: entry?.refunded }, { captured: true, amountCaptured: 4200, refunded: false });
    const after = await stored(order._id);
    assert.equal(after.saga.status, 'PAID');
    assert.equal(after.saga.step, SAGA_STEP.SEND_CONFIRMATION);
    assert.equal(after.payment.status, 'CAPTURED');
  });

  function withoutToken(payment: Order['payment']): Omit<Order['payment'], 'token'> {
    const { token: _token, ...rest } = payment;
    return rest;
  }

  it("hands the steps that read it the order as its transition wrote it, never to a payment step (which loads it before calling the provider)", async () => {
    const waitingFor = async (queue: string, orderId: string): Promise<StepJobData[]> =>
      (await app.get<Queue<SagaJobData>>(getQueueToken(queue)).getJobs(['waiting', 'active', 'completed', 'delayed']))
        .flatMap((queued) => (isStepBatch(queued.data) ? queued.data.steps : [queued.data]))
        .filter((data) => data.orderId === orderId);
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT);
    const authorized = await runStep(order._id);
    const [commit] = await waitingFor(QUEUE.INVENTORY, order._id);
    assert.equal(commit?.step, SAGA_STEP.COMMIT_STOCK);
    assert.deepEqual(
      { saga: commit.order?.['saga'], payment: commit.order?.['payment'], history: commit.order?.['history'] },
      { saga: authorized.saga, payment: withoutToken(authorized.payment), history: undefined },
      'what the transition wrote, without the history and the payment token',
    );

    const atCapture = await authorizedAtCapture();
    const captured = await runStep(atCapture._id);
    const [confirmation] = await waitingFor(QUEUE.NOTIFICATION, atCapture._id);
    assert.equal(confirmation?.step, SAGA_STEP.SEND_CONFIRMATION);
    assert.deepEqual(confirmation.order?.['payment'], withoutToken(captured.payment), 'the capture recorded');
    const declined = await runStep((await at(SAGA_STEP.AUTHORIZE_PAYMENT, 'tok_decline'))._id);
    assert.equal(declined.saga.step, SAGA_STEP.VOID_PAYMENT);
    for (const data of await waitingFor(QUEUE.PAYMENT, declined._id)) assert.equal(data.order, undefined, 'VOID_PAYMENT loads the order');
  });

  it('an authorization that expired cannot be captured: FAILED with CAPTURE_FAILED for an operator, no money moved', async () => {
    const order = await authorizedAtCapture();
    const expire = await fetch(`${sandbox.httpUrl}/sandbox/payment_intents/${order.payment.paymentIntentId ?? ''}/expire`, { method: 'POST', headers: API_KEY });
    assert.equal(expire.status, 200);
    const after = await runStep(order._id);
    assert.equal(after.saga.status, 'FAILED');
    assert.equal(after.saga.reason, 'CAPTURE_FAILED');
    assert.equal(after.saga.failedStep, SAGA_STEP.CAPTURE_PAYMENT);
    const [entry] = await ledger(order._id);
    assert.equal(entry?.captured, false);
  });

  it('voids the hold of a cancelled order exactly once, however often the compensation is delivered', async () => {
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT);
    await runStep(order._id);
    const compensating = await cancelledAtVoid(order);
    const delivery = job(compensating);
    await Promise.allSettled([runner.run(delivery, first), runner.run(delivery, first)]);
    await runner.run(delivery, first);
    const [entry, ...others] = await ledger(order._id);
    assert.equal(others.length, 0);
    assert.deepEqual({ captured: entry?.captured, refunded: entry?.refunded }, { captured: false, refunded: true });
    const after = await stored(order._id);
    assert.equal(after.payment.status, 'VOIDED');
    assert.equal(after.saga.step, SAGA_STEP.RELEASE_STOCK);
  });

  it('an authorization that lands after its client gave up is found and voided: a cancelled order keeps no hold', async () => {
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT, 'tok_late');
    // The client gives up (400 ms) while the provider is still working on it (1.5 s).
    await assert.rejects(runner.run(job(order), first), /timeout/i);
    await orders.requestCancel(order._id, 'CANCELLED_BY_CUSTOMER');
    // The retried step finds the cancel and compensates before asking the provider again.
    await runner.run(job(order), { ...first, providerFailingSince: Date.now() });
    const compensating = await stored(order._id);
    assert.equal(compensating.saga.step, SAGA_STEP.VOID_PAYMENT);
    assert.deepEqual((await ledger(order._id)).map((entry) => entry.status), ['pending'], 'the authorization has not landed yet');
    // Voiding replays the authorization: 409 while it is in progress, the step waits.
    await assert.rejects(runner.run(job(compensating), first), (error: unknown) => error instanceof ProviderUnavailableError && /409/.test(error.message));
    const since = Date.now();
    for (let i = 0; ; i += 1) {
      const outcome = await runner.run(job(compensating), { ...first, providerFailingSince: since }).then(() => 'done', (error: unknown) => error);
      if (outcome === 'done') break;
      assert.ok(outcome instanceof ProviderUnavailableError && i < 40, `still waiting: ${String(outcome)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [entry, ...others] = await ledger(order._id);
    assert.equal(others.length, 0);
    assert.deepEqual({ status: entry?.status, captured: entry?.captured, refunded: entry?.refunded }, { status: 'succeeded', captured: false, refunded: true });
    assert.equal((await stored(order._id)).saga.step, SAGA_STEP.RELEASE_STOCK);
  });

  it('a worker that paused before calling the provider, while another authorized and the order was cancelled and voided, holds nothing when it wakes', async () => {
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT);
    const loadedBeforePause = await stored(order._id);
    await runStep(order._id);
    const compensating = await cancelledAtVoid(order);
    await runner.run(job(compensating), first);
    // The paused worker wakes and makes its call: same key, same parameters, so no second hold.
    await app.get(AuthorizePaymentHandler).execute({ order: loadedBeforePause, attempt: first });
    const entries = await ledger(order._id);
    assert.equal(entries.length, 1);
    assert.deepEqual({ captured: entries[0]?.captured, refunded: entries[0]?.refunded }, { captured: false, refunded: true });
  });

  it('a provider outage is waited out; past RETRY_WINDOW_MS the step gives up (before the pivot: compensation; capture: CAPTURE_FAILED)', async () => {
    await setFaults({ payments: 'unavailable' });
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT);
    await assert.rejects(runner.run(job(order), first), ProviderUnavailableError);
    const waiting = await stored(order._id);
    assert.equal(waiting.saga.step, SAGA_STEP.AUTHORIZE_PAYMENT, 'nothing compensated while within the window');
    const windowSpent = Date.now() - config.providerRetry.windowMs - 1;
    const gaveUp = await runStep(order._id, { ...first, providerFailingSince: windowSpent });
    assert.equal(gaveUp.saga.status, 'COMPENSATING');
    assert.equal(gaveUp.saga.reason, 'STEP_EXHAUSTED');

    await setFaults({ payments: 'ok' });
    const capturing = await authorizedAtCapture();
    await setFaults({ payments: 'unavailable' });
    const failed = await runStep(capturing._id, { ...first, providerFailingSince: windowSpent });
    assert.equal(failed.saga.status, 'FAILED');
    assert.equal(failed.saga.reason, 'CAPTURE_FAILED');
  });

  it("opens the payment circuit after consecutive failures: calls then wait for it without reaching the provider", async () => {
    await setFaults({ payments: 'hang' });
    const order = await at(SAGA_STEP.AUTHORIZE_PAYMENT);
    // CIRCUIT_FAILURE_THRESHOLD is 3 (a failure left by an earlier test may already count).
    for (let i = 0; i < 3; i += 1) {
      const error = await runner.run(job(order), first).then(() => assert.fail('the provider hangs'), (failure: unknown) => failure);
      assert.ok(error instanceof ProviderUnavailableError);
      if (/circuit open/.test(error.message)) break;
      assert.match(error.message, /timeout/i);
    }
    const started = Date.now();
    await assert.rejects(runner.run(job(order), first), (error: unknown) => error instanceof ProviderUnavailableError && /circuit open/.test(error.message) && (error.retryAfterMs ?? 0) > 0);
    assert.ok(Date.now() - started < 300, 'refused at once, not after a timeout');
    await setFaults({ payments: 'ok' });
    await new Promise((resolve) => setTimeout(resolve, 350));
    await runner.run(job(order), { ...first, providerFailingSince: started });
    assert.equal((await stored(order._id)).saga.step, SAGA_STEP.COMMIT_STOCK, 'the trial call closed the circuit');
  });
});
