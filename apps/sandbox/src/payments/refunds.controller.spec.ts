import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertStripeShape } from '@app/testing';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { paymentIntentForm, startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { PaymentIntent } from './payment-intent.model';
import type { Refund } from './refund.model';

describe('POST /v1/refunds (integration, real HTTP)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(async () => {
    await sandbox.close();
  });

  const intent = async (token = 'tok_visa', capture_method = 'automatic'): Promise<PaymentIntent> => {
    const res = await sandbox.postForm<PaymentIntent | SandboxErrorBody>('/v1/payment_intents', paymentIntentForm(unique('order'), token, { capture_method }));
    return 'error' in res.body ? (res.body.error['payment_intent'] as PaymentIntent) : res.body;
  };
  const refund = <T>(form: Record<string, string | number>, key?: string): Promise<{ status: number; headers: Headers; body: T }> =>
    sandbox.postForm<T>('/v1/refunds', form, key);

  it('refunds captured money in parts by payment_intent or charge, then charge_already_refunded', async () => {
    const paid = await intent();
    const first = await refund<Refund>({ payment_intent: paid.id, amount: 500 }, unique('key'));
    assert.equal(first.status, 200);
    assertStripeShape('refund', first.body);
    assert.deepEqual(
      [first.body.object, first.body.amount, first.body.currency, first.body.payment_intent, first.body.charge, first.body.status],
      ['refund', 500, 'usd', paid.id, paid.latest_charge, 'succeeded'],
    );
    const tooMuch = await refund<SandboxErrorBody>({ charge: paid.latest_charge ?? '', amount: 1500 });
    assert.deepEqual([tooMuch.status, tooMuch.body.error.code, tooMuch.body.error.param], [400, 'amount_too_large', 'amount']);
    const rest = await refund<Refund>({ charge: paid.latest_charge ?? '' });
    assert.deepEqual([rest.status, rest.body.amount], [200, 1499]);
    const again = await refund<SandboxErrorBody>({ payment_intent: paid.id });
    assert.deepEqual([again.status, again.body.error.code], [400, 'charge_already_refunded']);
  });

  it('refunds only what a partial capture took', async () => {
    const held = await intent('tok_visa', 'manual');
    await sandbox.postForm(`/v1/payment_intents/${held.id}/capture`, { amount_to_capture: 1000 });
    const res = await refund<Refund>({ payment_intent: held.id });
    assert.deepEqual([res.status, res.body.amount], [200, 1000]);
  });

  it('refuses what holds no captured money (uncaptured, voided, declined) as charge_not_refundable', async () => {
    const held = await intent('tok_visa', 'manual');
    const voided = await intent('tok_visa', 'manual');
    await sandbox.postForm(`/v1/payment_intents/${voided.id}/cancel`, {});
    const declined = await intent('tok_decline');
    for (const target of [held, voided, declined]) {
      const res = await refund<SandboxErrorBody>({ payment_intent: target.id });
      assert.deepEqual([res.status, res.body.error.type, res.body.error.code], [400, 'invalid_request_error', 'charge_not_refundable'], target.status);
      assert.match(res.body.error.message, /does not have a successful charge to refund/);
    }
  });

  it('answers 404 for unknown ids, 400 without a target or with a mismatched pair, and replays by key', async () => {
    const noIntent = await refund<SandboxErrorBody>({ payment_intent: 'pi_nope' });
    assert.deepEqual([noIntent.status, noIntent.body.error.code, noIntent.body.error.param], [404, 'resource_missing', 'payment_intent']);
    const noCharge = await refund<SandboxErrorBody>({ charge: 'ch_nope' });
    assert.deepEqual([noCharge.status, noCharge.body.error.param], [404, 'charge']);
    const none = await refund<SandboxErrorBody>({});
    assert.deepEqual([none.status, none.body.error.code], [400, 'parameter_missing']);
    const [a, b] = [await intent(), await intent()];
    const mismatch = await refund<SandboxErrorBody>({ payment_intent: a.id, charge: b.latest_charge ?? '' });
    assert.deepEqual([mismatch.status, mismatch.body.error.param], [400, 'charge']);
    const badAmount = await refund<SandboxErrorBody>({ payment_intent: a.id, amount: '5.5' });
    assert.deepEqual([badAmount.status, badAmount.body.error.code], [400, 'parameter_invalid']);

    const key = unique('key');
    const first = await refund<Refund>({ payment_intent: a.id, amount: 100 }, key);
    const replay = await refund<Refund>({ payment_intent: a.id, amount: 100 }, key);
    assert.deepEqual([replay.body, replay.headers.get('idempotent-replayed')], [first.body, 'true']);
  });
});
