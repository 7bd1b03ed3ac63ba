import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertStripeShape } from '@app/testing';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { paymentIntentForm, startTestSandbox, unique, type FormParams, type TestSandbox } from '../testing/test-sandbox';

/** Auth and parameter validation: every refusal is a 4xx Stripe error and creates nothing. */
describe('payment provider auth and validation (integration, real HTTP)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(async () => {
    await sandbox.close();
  });


  const refused = async (form: FormParams, expected: [number, string, string | undefined]): Promise<void> => {
    const orderId = String((form['metadata'] as { order_id?: string } | undefined)?.order_id ?? unique('order'));
    const res = await sandbox.postForm<SandboxErrorBody>('/v1/payment_intents', form, unique('key'));
    assert.deepEqual([res.status, res.body.error.code, res.body.error.param], expected, JSON.stringify(form));
    assertStripeShape('error', res.body);
    assert.equal((await sandbox.ledger(orderId)).length, 0);
  };

  it('answers 401 without a bearer key or with a wrong one, on every Stripe endpoint and the observer', async () => {
    const orderId = unique('order');
    for (const apiKey of [null, 'sk_test_wrong', '']) {
      const res = await sandbox.request<SandboxErrorBody>('POST', '/v1/payment_intents', { form: paymentIntentForm(orderId), apiKey });
      assert.equal(res.status, 401, `apiKey=${String(apiKey)}`);
      assert.equal(res.body.error.type, 'invalid_request_error');
      assert.ok(!JSON.stringify(res.body).includes(sandbox.config.apiKey));
    }
    for (const [method, path] of [['GET', '/v1/payment_intents/pi_x'], ['GET', '/v1/payment_intents/search?query=x'], ['POST', '/v1/payment_intents/pi_x/capture'], ['POST', '/v1/payment_intents/pi_x/cancel'], ['POST', '/v1/refunds'], ['GET', '/v1/charges']] as const) {
      assert.equal((await sandbox.request(method, path, { apiKey: null })).status, 401, path);
    }
    assert.equal((await sandbox.ledger(orderId)).length, 0);
  });

  it('reads only form bodies: a JSON body is a 400 that says so', async () => {
    const orderId = unique('order');
    const res = await sandbox.request<SandboxErrorBody>('POST', '/v1/payment_intents', { json: { amount: 1999, currency: 'usd', confirm: true }, idempotencyKey: unique('key') });
    assert.deepEqual([res.status, res.body.error.type], [400, 'invalid_request_error']);
    assert.match(res.body.error.message, /form-encoded.*application\/x-www-form-urlencoded/);
    for (const path of ['/v1/refunds', '/v1/payment_intents/pi_x/capture']) {
      assert.equal((await sandbox.request('POST', path, { json: {} })).status, 400, path);
    }
    assert.equal((await sandbox.ledger(orderId)).length, 0);
  });

  it('parses integers strictly and refuses an amount above 99999999 as amount_too_large', async () => {
    for (const amount of ['19.5', '1e3', '', '-5', '0', ' 12', '0x10', '01999']) {
      await refused(paymentIntentForm(unique('order'), 'tok_visa', { amount }), [400, 'parameter_invalid', 'amount']);
    }
    await refused(paymentIntentForm(unique('order'), 'tok_visa', { amount: 100_000_000 }), [400, 'amount_too_large', 'amount']);
    const max = await sandbox.postForm('/v1/payment_intents', paymentIntentForm(unique('order'), 'tok_visa', { amount: '99999999' }));
    assert.equal(max.status, 200);
  });

  it('refuses unknown parameters at any depth as parameter_unknown', async () => {
    await refused({ ...paymentIntentForm(unique('order')), source: 'tok_visa' }, [400, 'parameter_unknown', 'source']);
    await refused({ ...paymentIntentForm(unique('order')), payment_method_data: { type: 'card', card: { token: 'tok_visa' } } }, [400, 'parameter_unknown', 'payment_method_data']);
    await refused({ ...paymentIntentForm(unique('order')), metadata: { order_id: 'o' }, shipping: { name: 'x' } }, [400, 'parameter_unknown', 'shipping']);
    await refused({ ...paymentIntentForm(unique('order')), __proto__x: 'y' }, [400, 'parameter_unknown', '__proto__x']);
    const res = await sandbox.request<SandboxErrorBody>('POST', '/v1/payment_intents', { rawBody: 'amount=1&toString=x&currency=usd' });
    assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'parameter_unknown', 'toString']);
  });

  it('checks each parameter: currency, capture_method, confirm, payment_method, metadata, description', async () => {
    const form = (overrides: FormParams): FormParams => paymentIntentForm(unique('order'), 'tok_visa', overrides);
    await refused(form({ amount: undefined }), [400, 'parameter_missing', 'amount']);
    await refused(form({ currency: undefined }), [400, 'parameter_missing', 'currency']);
    await refused(form({ currency: 'USD' }), [400, 'parameter_invalid', 'currency']);
    await refused(form({ capture_method: 'automatic_async' }), [400, 'parameter_invalid', 'capture_method']);
    await refused(form({ confirm: false }), [400, 'parameter_invalid', 'confirm']);
    await refused(form({ confirm: undefined }), [400, 'parameter_invalid', 'confirm']);
    await refused(form({ payment_method: undefined }), [400, 'parameter_missing', 'payment_method']);
    await refused(form({ payment_method: { type: 'card' } }), [400, 'parameter_invalid', 'payment_method']);
    await refused(form({ payment_method: 'pm_card_amex' }), [400, 'resource_missing', 'payment_method']);
    assert.equal((await sandbox.postForm('/v1/payment_intents', form({ payment_method: 'pm_card_visa' }))).status, 200, "Stripe's own test payment method");
    await refused(form({ metadata: { ['k'.repeat(41)]: 'v' } }), [400, 'parameter_invalid', `metadata[${'k'.repeat(41)}]`]);
    await refused(form({ metadata: { order_id: 'x'.repeat(501) } }), [400, 'parameter_invalid', 'metadata[order_id]']);
    await refused(form({ metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }), [400, 'parameter_invalid', 'metadata']);
    await refused(form({ metadata: { order_id: { nested: 'x' } } }), [400, 'parameter_invalid', 'metadata[order_id]']);
    await refused(form({ description: 'd'.repeat(1001) }), [400, 'parameter_invalid', 'description']);
    const fifty = await sandbox.postForm('/v1/payment_intents', form({ metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'.repeat(500)])), description: 'd'.repeat(1000) }));
    assert.equal(fifty.status, 200);
  });

  it('accepts no Idempotency-Key (optional, as at Stripe) but refuses one longer than 255 characters', async () => {
    const orderId = unique('order');
    const first = await sandbox.postForm<{ id: string }>('/v1/payment_intents', paymentIntentForm(orderId));
    const second = await sandbox.postForm<{ id: string }>('/v1/payment_intents', paymentIntentForm(orderId));
    assert.deepEqual([first.status, second.status], [200, 200]);
    assert.notEqual(first.body.id, second.body.id, 'without a key, every request runs');
    assert.equal(first.headers.get('idempotency-key'), null);
    const long = await sandbox.postForm<SandboxErrorBody>('/v1/payment_intents', paymentIntentForm(orderId), 'k'.repeat(256));
    assert.deepEqual([long.status, long.body.error.param], [400, 'Idempotency-Key']);
    assert.equal((await sandbox.ledger(orderId)).length, 2);
  });
});
