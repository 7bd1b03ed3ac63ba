import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { paymentIntentForm, startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { PaymentIntent } from './payment-intent.model';

const TTL_MS = 300;

describe('authorization expiry (integration, real HTTP)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox({ authorizationTtlMs: TTL_MS });
  });
  after(async () => {
    await sandbox.close();
  });

  const authorize = async (capture_method = 'manual'): Promise<PaymentIntent> =>
    (await sandbox.postForm<PaymentIntent>('/v1/payment_intents', paymentIntentForm(unique('order'), 'tok_visa', { capture_method }))).body;
  const waitPastTtl = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, TTL_MS + 50));

  it('an uncaptured authorization older than the TTL reads as canceled / automatic', async () => {
    const intent = await authorize();
    assert.equal((await sandbox.get<PaymentIntent>(`/v1/payment_intents/${intent.id}`)).body.status, 'requires_capture');
    await waitPastTtl();
    const expired = (await sandbox.get<PaymentIntent>(`/v1/payment_intents/${intent.id}`)).body;
    assert.deepEqual([expired.status, expired.cancellation_reason, expired.amount_capturable], ['canceled', 'automatic', 0]);
    assert.equal(typeof expired.canceled_at, 'number');
  });

  it('capturing an expired authorization is payment_intent_unexpected_state (canceled); a captured one never expires', async () => {
    const held = await authorize();
    const captured = await authorize('automatic');
    await waitPastTtl();
    const res = await sandbox.postForm<SandboxErrorBody>(`/v1/payment_intents/${held.id}/capture`, {});
    assert.deepEqual([res.status, res.body.error.code], [400, 'payment_intent_unexpected_state']);
    assert.equal(res.body.error.message, 'This PaymentIntent could not be captured because it has a status of canceled.');
    assert.equal((await sandbox.get<PaymentIntent>(`/v1/payment_intents/${captured.id}`)).body.status, 'succeeded');
  });

  it('POST /sandbox/payment_intents/:id/expire expires one now (no API key); other statuses and unknown ids are refused', async () => {
    const own = await startTestSandbox();
    try {
      const intent = (await own.postForm<PaymentIntent>('/v1/payment_intents', paymentIntentForm(unique('order')))).body;
      const expired = await own.request<PaymentIntent>('POST', `/sandbox/payment_intents/${intent.id}/expire`, { apiKey: null });
      assert.deepEqual([expired.status, expired.body.status, expired.body.cancellation_reason], [200, 'canceled', 'automatic']);
      assert.equal((await own.get<PaymentIntent>(`/v1/payment_intents/${intent.id}`)).body.cancellation_reason, 'automatic');
      const again = await own.request<SandboxErrorBody>('POST', `/sandbox/payment_intents/${intent.id}/expire`, { apiKey: null });
      assert.deepEqual([again.status, again.body.error.code], [400, 'payment_intent_unexpected_state']);
      const unknown = await own.request<SandboxErrorBody>('POST', '/sandbox/payment_intents/pi_nope/expire', { apiKey: null });
      assert.deepEqual([unknown.status, unknown.body.error.code], [404, 'resource_missing']);
    } finally {
      await own.close();
    }
  });
});
