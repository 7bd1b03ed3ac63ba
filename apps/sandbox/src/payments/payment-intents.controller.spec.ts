import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertStripeShape } from '@app/testing';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { paymentIntentForm, startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { PaymentIntent, PaymentIntentSearchResult } from './payment-intent.model';

describe('PaymentIntents API (integration, real HTTP, form bodies)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(async () => {
    await sandbox.close();
  });

  const create = async (orderId: string, overrides = {}): Promise<PaymentIntent> => {
    const res = await sandbox.postForm<PaymentIntent>('/v1/payment_intents', paymentIntentForm(orderId, 'tok_visa', overrides), unique('key'));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const searchPath = (query: string, limit?: number): string =>
    `/v1/payment_intents/search?query=${encodeURIComponent(query)}${limit === undefined ? '' : `&limit=${limit}`}`;

  it('creates and confirms with manual capture: requires_capture, the whole amount capturable, a Stripe PaymentIntent', async () => {
    const before = Math.floor(Date.now() / 1000);
    const intent = await create(unique('order'), { description: 'order 1', metadata: { order_id: 'o-1', tenant: 't' } });
    assertStripeShape('payment_intent', intent);
    assert.match(intent.id, /^pi_/);
    assert.deepEqual(
      [intent.status, intent.amount, intent.amount_capturable, intent.amount_received, intent.currency, intent.capture_method, intent.confirmation_method],
      ['requires_capture', 1999, 1999, 0, 'usd', 'manual', 'automatic'],
    );
    assert.deepEqual(intent.metadata, { order_id: 'o-1', tenant: 't' });
    assert.equal(intent.description, 'order 1');
    assert.match(intent.latest_charge ?? '', /^ch_/);
    assert.match(intent.payment_method ?? '', /^pm_/);
    assert.ok(intent.created >= before && intent.created <= Math.floor(Date.now() / 1000), 'created is unix seconds');
    assert.deepEqual([intent.canceled_at, intent.cancellation_reason, intent.last_payment_error, intent.livemode], [null, null, null, false]);
  });

  it('with automatic capture (the default) succeeds at once', async () => {
    const intent = await create(unique('order'), { capture_method: undefined });
    assert.deepEqual([intent.status, intent.capture_method, intent.amount_received, intent.amount_capturable], ['succeeded', 'automatic', 1999, 0]);
  });

  it('captures all or part of an authorization; capturing again is payment_intent_unexpected_state with the PaymentIntent', async () => {
    const full = await create(unique('order'));
    const captured = await sandbox.postForm<PaymentIntent>(`/v1/payment_intents/${full.id}/capture`, {});
    assert.equal(captured.status, 200);
    assertStripeShape('payment_intent', captured.body);
    assert.deepEqual([captured.body.status, captured.body.amount_received, captured.body.amount_capturable], ['succeeded', 1999, 0]);

    const partial = await create(unique('order'));
    const part = await sandbox.postForm<PaymentIntent>(`/v1/payment_intents/${partial.id}/capture`, { amount_to_capture: 1500 });
    assert.deepEqual([part.body.status, part.body.amount_received, part.body.amount_capturable], ['succeeded', 1500, 0]);

    const again = await sandbox.postForm<SandboxErrorBody>(`/v1/payment_intents/${full.id}/capture`, {});
    assert.equal(again.status, 400);
    assertStripeShape('error', again.body);
    assert.deepEqual([again.body.error.type, again.body.error.code], ['invalid_request_error', 'payment_intent_unexpected_state']);
    assert.equal(again.body.error.message, 'This PaymentIntent could not be captured because it has a status of succeeded.');
    assert.equal((again.body.error['payment_intent'] as PaymentIntent).id, full.id);
  });

  it('refuses to capture more than amount_capturable, and anything but a strict integer', async () => {
    const intent = await create(unique('order'));
    const tooMuch = await sandbox.postForm<SandboxErrorBody>(`/v1/payment_intents/${intent.id}/capture`, { amount_to_capture: 2000 });
    assert.deepEqual([tooMuch.status, tooMuch.body.error.code, tooMuch.body.error.param], [400, 'amount_too_large', 'amount_to_capture']);
    const notInt = await sandbox.postForm<SandboxErrorBody>(`/v1/payment_intents/${intent.id}/capture`, { amount_to_capture: '1e3' });
    assert.deepEqual([notInt.status, notInt.body.error.code, notInt.body.error.param], [400, 'parameter_invalid', 'amount_to_capture']);
    assert.equal((await sandbox.get<PaymentIntent>(`/v1/payment_intents/${intent.id}`)).body.status, 'requires_capture');
  });

  it('cancels (voids) an authorization with a reason; cancelling again or a succeeded one is payment_intent_unexpected_state', async () => {
    const intent = await create(unique('order'));
    const canceled = await sandbox.postForm<PaymentIntent>(`/v1/payment_intents/${intent.id}/cancel`, { cancellation_reason: 'abandoned' });
    assert.equal(canceled.status, 200);
    assertStripeShape('payment_intent', canceled.body);
    assert.deepEqual([canceled.body.status, canceled.body.cancellation_reason, canceled.body.amount_capturable], ['canceled', 'abandoned', 0]);
    assert.equal(typeof canceled.body.canceled_at, 'number');

    const again = await sandbox.postForm<SandboxErrorBody>(`/v1/payment_intents/${intent.id}/cancel`, {});
    assert.deepEqual([again.status, again.body.error.code], [400, 'payment_intent_unexpected_state']);
    assert.equal(again.body.error.message, 'You cannot cancel this PaymentIntent because it has a status of canceled.');
    assert.equal((again.body.error['payment_intent'] as PaymentIntent).status, 'canceled');

    const succeeded = await create(unique('order'), { capture_method: 'automatic' });
    const refused = await sandbox.postForm<SandboxErrorBody>(`/v1/payment_intents/${succeeded.id}/cancel`, {});
    assert.equal(refused.body.error.message, 'You cannot cancel this PaymentIntent because it has a status of succeeded.');

    const noReason = await sandbox.postForm<PaymentIntent>(`/v1/payment_intents/${(await create(unique('order'))).id}/cancel`, {});
    assert.equal(noReason.body.cancellation_reason, null);
    const badReason = await sandbox.postForm<SandboxErrorBody>(`/v1/payment_intents/${(await create(unique('order'))).id}/cancel`, { cancellation_reason: 'automatic' });
    assert.deepEqual([badReason.status, badReason.body.error.code, badReason.body.error.param], [400, 'parameter_invalid', 'cancellation_reason']);
  });

  it('retrieves a PaymentIntent; an unknown id is 404 resource_missing on get, capture and cancel', async () => {
    const intent = await create(unique('order'));
    const got = await sandbox.get<PaymentIntent>(`/v1/payment_intents/${intent.id}`);
    assert.deepEqual([got.status, got.body], [200, intent]);
    for (const [method, path] of [['GET', '/v1/payment_intents/pi_nope'], ['POST', '/v1/payment_intents/pi_nope/capture'], ['POST', '/v1/payment_intents/pi_nope/cancel']] as const) {
      const res = await sandbox.request<SandboxErrorBody>(method, path);
      assert.deepEqual([res.status, res.body.error.type, res.body.error.code, res.body.error.param], [404, 'invalid_request_error', 'resource_missing', 'intent'], path);
      assert.equal(res.body.error.message, "No such payment_intent: 'pi_nope'");
    }
    const withQuery = await sandbox.get<SandboxErrorBody>(`/v1/payment_intents/${intent.id}?expand=x`);
    assert.deepEqual([withQuery.status, withQuery.body.error.code], [400, 'parameter_unknown']);
  });

  it("searches metadata['order_id']:'<value>' (single or double quotes), newest first, with limit and has_more", async () => {
    const orderId = unique('order');
    const first = await create(orderId);
    const second = await create(orderId);
    await create(unique('order'));
    const found = await sandbox.get<PaymentIntentSearchResult>(searchPath(`metadata['order_id']:'${orderId}'`));
    assert.equal(found.status, 200);
    assertStripeShape('payment_intent_search_result', found.body);
    assert.deepEqual(found.body.data.map((intent) => intent.id), [second.id, first.id]);
    assert.deepEqual([found.body.object, found.body.has_more, found.body.next_page, found.body.url], ['search_result', false, null, '/v1/payment_intents/search']);

    const doubleQuoted = await sandbox.get<PaymentIntentSearchResult>(searchPath(` metadata["order_id"]:"${orderId}" `, 1));
    assert.deepEqual([doubleQuoted.body.data.map((intent) => intent.id), doubleQuoted.body.has_more], [[second.id], true]);
    const none = await sandbox.get<PaymentIntentSearchResult>(searchPath(`metadata['order_id']:'nothing-${orderId}'`));
    assert.deepEqual(none.body.data, []);
  });

  it('refuses any other search query, a missing one, a bad limit and unknown params', async () => {
    for (const query of ["status:'succeeded'", "metadata['order_id']:'a' AND amount>1", "-metadata['order_id']:'a'", "metadata['order_id']:a", '']) {
      const res = await sandbox.get<SandboxErrorBody>(searchPath(query));
      assert.deepEqual([res.status, res.body.error.code, res.body.error.param], [400, 'parameter_invalid', 'query'], query);
    }
    const missing = await sandbox.get<SandboxErrorBody>('/v1/payment_intents/search');
    assert.deepEqual([missing.status, missing.body.error.code, missing.body.error.param], [400, 'parameter_missing', 'query']);
    for (const limit of [0, 101]) {
      const res = await sandbox.get<SandboxErrorBody>(searchPath("metadata['order_id']:'a'", limit));
      assert.deepEqual([res.status, res.body.error.param], [400, 'limit']);
    }
    const page = await sandbox.get<SandboxErrorBody>(`${searchPath("metadata['order_id']:'a'")}&page=x`);
    assert.deepEqual([page.status, page.body.error.code, page.body.error.param], [400, 'parameter_unknown', 'page']);
  });
});
