import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { paymentIntentForm, startTestSandbox, unique, type TestSandbox } from '../../testing/test-sandbox';
import type { PaymentIntent } from '../payment-intent.model';
import type { ObservedCharge } from './observed-charge';

describe('observer ledger GET /v1/charges (integration, real HTTP)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(async () => {
    await sandbox.close();
  });

  const ledger = (orderId?: string): Promise<ObservedCharge[]> => sandbox.ledger(orderId);
  const only = async (orderId: string): Promise<Omit<ObservedCharge, 'id' | 'paymentIntent' | 'orderId'>> => {
    const [entry, ...rest] = await ledger(orderId);
    assert.equal(rest.length, 0);
    assert.ok(entry !== undefined);
    const { id: _id, paymentIntent: _pi, orderId: _order, ...fields } = entry;
    return fields;
  };
  const authorize = async (orderId: string, capture_method = 'manual'): Promise<PaymentIntent> =>
    (await sandbox.postForm<PaymentIntent>('/v1/payment_intents', paymentIntentForm(orderId, 'tok_visa', { capture_method }))).body;
  const base = { status: 'succeeded', amount: 1999 } as const;

  it('authorized: succeeded, not captured, not refunded (the funds are held); ids point at the charge and PaymentIntent', async () => {
    const orderId = unique('order');
    const intent = await authorize(orderId);
    const [entry] = await ledger(orderId);
    assert.deepEqual(entry, { id: intent.latest_charge, orderId, ...base, captured: false, amountCaptured: 0, amountRefunded: 0, refunded: false, paymentIntent: intent.id });
  });

  it('captured in part, then refunded in part and in full', async () => {
    const orderId = unique('order');
    const intent = await authorize(orderId);
    await sandbox.postForm(`/v1/payment_intents/${intent.id}/capture`, { amount_to_capture: 1500 });
    assert.deepEqual(await only(orderId), { ...base, captured: true, amountCaptured: 1500, amountRefunded: 0, refunded: false });
    await sandbox.postForm('/v1/refunds', { payment_intent: intent.id, amount: 500 });
    assert.deepEqual(await only(orderId), { ...base, captured: true, amountCaptured: 1500, amountRefunded: 500, refunded: false });
    await sandbox.postForm('/v1/refunds', { payment_intent: intent.id });
    assert.deepEqual(await only(orderId), { ...base, captured: true, amountCaptured: 1500, amountRefunded: 1500, refunded: true });
  });

  it('voided and expired authorizations are refunded, not captured; a decline is failed', async () => {
    const voided = unique('order');
    await sandbox.postForm(`/v1/payment_intents/${(await authorize(voided)).id}/cancel`, {});
    assert.deepEqual(await only(voided), { ...base, captured: false, amountCaptured: 0, amountRefunded: 0, refunded: true });

    const expired = unique('order');
    await sandbox.request('POST', `/sandbox/payment_intents/${(await authorize(expired)).id}/expire`, { apiKey: null });
    assert.deepEqual(await only(expired), { ...base, captured: false, amountCaptured: 0, amountRefunded: 0, refunded: true });

    const declined = unique('order');
    await sandbox.postForm('/v1/payment_intents', paymentIntentForm(declined, 'tok_decline'));
    assert.deepEqual(await only(declined), { status: 'failed', amount: 1999, captured: false, amountCaptured: 0, amountRefunded: 0, refunded: false });
  });

  it('lists attempts in creation order, every entry without orderId, and refuses a repeated orderId', async () => {
    const orderId = unique('order');
    const first = await authorize(orderId);
    const second = await authorize(orderId, 'automatic');
    assert.deepEqual((await ledger(orderId)).map((entry) => entry.paymentIntent), [first.id, second.id]);
    const all = await ledger();
    assert.ok(all.length >= 2 && all.some((entry) => entry.paymentIntent === first.id));
    const repeated = await sandbox.get(`/v1/charges?orderId=a&orderId=b`);
    assert.equal(repeated.status, 400);
  });
});
