import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertStripeShape } from '@app/testing';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { paymentIntentForm, startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { ObservedCharge } from './observer/observed-charge';
import type { PaymentIntent } from './payment-intent.model';

const SLOW_MS = 400;

describe('test card tokens (integration, real HTTP)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox({ slowResponseMs: SLOW_MS });
  });
  after(async () => {
    await sandbox.close();
  });

  const ledger = (orderId: string): Promise<ObservedCharge[]> => sandbox.ledger(orderId);
  const create = <T>(orderId: string, token: string, key?: string): Promise<{ status: number; headers: Headers; body: T }> =>
    sandbox.postForm<T>('/v1/payment_intents', paymentIntentForm(orderId, token), key);

  it('tok_decline: 402 card_declined with the PaymentIntent and the failed charge, saved and replayed', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const res = await create<SandboxErrorBody>(orderId, 'tok_decline', key);
    assert.equal(res.status, 402);
    assertStripeShape('error', res.body);
    const { error } = res.body;
    assert.deepEqual([error.type, error.code, error['decline_code']], ['card_error', 'card_declined', 'generic_decline']);
    const intent = error['payment_intent'] as PaymentIntent;
    assert.equal(intent.status, 'requires_payment_method');
    assert.match(String(error['charge']), /^ch_/);
    assert.equal(intent.latest_charge, error['charge']);
    assert.deepEqual(intent.last_payment_error, { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', charge: error['charge'] });
    const replay = await create<SandboxErrorBody>(orderId, 'tok_decline', key);
    assert.deepEqual([replay.status, replay.body, replay.headers.get('idempotent-replayed')], [402, res.body, 'true']);
    assert.equal((await ledger(orderId)).length, 1);
    assert.equal((await sandbox.get<PaymentIntent>(`/v1/payment_intents/${intent.id}`)).body.status, 'requires_payment_method');
  });

  it('tok_flaky: 503 api_error twice per key (not saved), then authorizes', async () => {
    const orderId = unique('order');
    const key = unique('key');
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const res = await create<SandboxErrorBody>(orderId, 'tok_flaky', key);
      assert.deepEqual([res.status, res.body.error.type], [503, 'api_error'], `attempt ${attempt}`);
      assert.equal((await ledger(orderId)).length, 0);
    }
    const third = await create<PaymentIntent>(orderId, 'tok_flaky', key);
    assert.deepEqual([third.status, third.body.status], [200, 'requires_capture']);
    const fourth = await create<PaymentIntent>(orderId, 'tok_flaky', key);
    assert.deepEqual([fourth.body.id, fourth.headers.get('idempotent-replayed')], [third.body.id, 'true']);
    const otherKey = await create<SandboxErrorBody>(orderId, 'tok_flaky', unique('key'));
    assert.equal(otherKey.status, 503, 'counted per key');
  });

  it('tok_timeout: authorized and saved at once, answered only after slowResponseMs', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const started = Date.now();
    const slow = create<PaymentIntent>(orderId, 'tok_timeout', key);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await ledger(orderId))[0]?.status, 'succeeded', 'authorized before the answer');
    const replay = await create<PaymentIntent>(orderId, 'tok_timeout', key);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.ok(Date.now() - started < SLOW_MS, 'the replay is not held back');
    const answer = await slow;
    assert.ok(Date.now() - started >= SLOW_MS - 20);
    assert.deepEqual([answer.status, answer.body.id], [200, replay.body.id]);
  });

  it('tok_late: pending and 409 for a replay while it waits, then authorized, saved and replayed', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const late = create<PaymentIntent>(orderId, 'tok_late', key);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const pending = await ledger(orderId);
    assert.equal(pending.length, 1);
    assert.equal(pending[0]?.status, 'pending');
    const inUse = await create<SandboxErrorBody>(orderId, 'tok_late', key);
    assert.deepEqual([inUse.status, inUse.body.error.type, inUse.body.error.code], [409, 'idempotency_error', 'idempotency_key_in_use']);
    const searched = await sandbox.get<{ data: unknown[] }>(`/v1/payment_intents/search?query=${encodeURIComponent(`metadata['order_id']:'${orderId}'`)}`);
    assert.deepEqual(searched.body.data, [], 'not created yet');

    const answer = await late;
    assert.deepEqual([answer.status, answer.body.status], [200, 'requires_capture']);
    const committed = await ledger(orderId);
    assert.deepEqual(committed.map((entry) => [entry.id, entry.status, entry.paymentIntent]), [[pending[0]?.id, 'succeeded', answer.body.id]]);
    assert.equal((await sandbox.get<PaymentIntent>(`/v1/payment_intents/${answer.body.id}`)).status, 200);
    const replay = await create<PaymentIntent>(orderId, 'tok_late', key);
    assert.deepEqual([replay.status, replay.body.id, replay.headers.get('idempotent-replayed')], [200, answer.body.id, 'true']);
  });

  it('tok_late: a client that gave up does not stop the commit', async () => {
    const orderId = unique('order');
    const gaveUp = sandbox
      .request('POST', '/v1/payment_intents', { form: paymentIntentForm(orderId, 'tok_late'), idempotencyKey: unique('key'), signal: AbortSignal.timeout(100) })
      .catch(() => 'aborted');
    assert.equal(await gaveUp, 'aborted');
    assert.equal((await ledger(orderId))[0]?.status, 'pending');
    await new Promise((resolve) => setTimeout(resolve, SLOW_MS + 100));
    assert.deepEqual((await ledger(orderId)).map((entry) => [entry.status, entry.captured, entry.refunded]), [['succeeded', false, false]], 'the funds are held');
  });

  it('tok_late: closing the sandbox drops a pending one without committing', async () => {
    const own = await startTestSandbox({ slowResponseMs: 60_000 });
    const late = own.postForm('/v1/payment_intents', paymentIntentForm(unique('order'), 'tok_late'), unique('key')).then((res) => res.status, () => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await own.close();
    assert.ok(Date.now() - started < 5_000);
    assert.ok([503, 'aborted'].includes(await late));
  });
});
