import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { paymentIntentForm, startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { PaymentIntent } from './payment-intent.model';

describe('Idempotency-Key on the Stripe POSTs (integration, real HTTP)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(async () => {
    await sandbox.close();
  });


  it('replays the saved answer for the same key and params (in any order), marked Idempotent-Replayed', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const first = await sandbox.postForm<PaymentIntent>('/v1/payment_intents', paymentIntentForm(orderId), key);
    const { metadata, ...rest } = paymentIntentForm(orderId);
    const replay = await sandbox.postForm<PaymentIntent>('/v1/payment_intents', { metadata, ...rest }, key);
    assert.deepEqual([replay.status, replay.body], [200, first.body]);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.headers.get('idempotency-key'), key);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    assert.equal((await sandbox.ledger(orderId)).length, 1);
  });

  it('refuses the key with other params or on another endpoint (400 idempotency_error), executing nothing', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const first = await sandbox.postForm<PaymentIntent>('/v1/payment_intents', paymentIntentForm(orderId), key);
    const otherParams = await sandbox.postForm<SandboxErrorBody>('/v1/payment_intents', paymentIntentForm(orderId, 'tok_visa', { amount: 2000 }), key);
    assert.deepEqual([otherParams.status, otherParams.body.error.type], [400, 'idempotency_error']);
    const otherEndpoint = await sandbox.postForm<SandboxErrorBody>(`/v1/payment_intents/${first.body.id}/capture`, {}, key);
    assert.deepEqual([otherEndpoint.status, otherEndpoint.body.error.type], [400, 'idempotency_error']);
    assert.equal((await sandbox.get<PaymentIntent>(`/v1/payment_intents/${first.body.id}`)).body.status, 'requires_capture');
    assert.equal((await sandbox.ledger(orderId)).length, 1);
  });

  it('replays captures, cancels and refusals (a saved 400 payment_intent_unexpected_state stays the answer)', async () => {
    const intent = (await sandbox.postForm<PaymentIntent>('/v1/payment_intents', paymentIntentForm(unique('order')))).body;
    const key = unique('key');
    const capture = await sandbox.postForm<PaymentIntent>(`/v1/payment_intents/${intent.id}/capture`, { amount_to_capture: 100 }, key);
    const replay = await sandbox.postForm<PaymentIntent>(`/v1/payment_intents/${intent.id}/capture`, { amount_to_capture: 100 }, key);
    assert.deepEqual([replay.status, replay.body, replay.headers.get('idempotent-replayed')], [200, capture.body, 'true']);

    const cancelKey = unique('key');
    const refusal = await sandbox.postForm<SandboxErrorBody>(`/v1/payment_intents/${intent.id}/cancel`, {}, cancelKey);
    const refusalReplay = await sandbox.postForm<SandboxErrorBody>(`/v1/payment_intents/${intent.id}/cancel`, {}, cancelKey);
    assert.deepEqual([refusal.status, refusalReplay.status, refusalReplay.headers.get('idempotent-replayed')], [400, 400, 'true']);
    assert.deepEqual(refusalReplay.body, refusal.body);
  });

  it('does not save a validation error: the same key then runs a corrected request', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const bad = await sandbox.postForm('/v1/payment_intents', paymentIntentForm(orderId, 'tok_visa', { amount: 'x' }), key);
    assert.equal(bad.status, 400);
    const good = await sandbox.postForm('/v1/payment_intents', paymentIntentForm(orderId), key);
    assert.equal(good.status, 200);
  });
});
