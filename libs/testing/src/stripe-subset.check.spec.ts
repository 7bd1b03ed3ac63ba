import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripeParamProblems, stripeShapeProblems } from './stripe-subset.check';
import { encodeStripeForm } from './stripe-form';

describe('Stripe subset checks', () => {
  it('accepts a create-and-confirm form body of the subset and names every stray or malformed param', () => {
    const body = encodeStripeForm({ amount: 1999, currency: 'usd', capture_method: 'manual', confirm: true, payment_method: 'pm_card_visa', metadata: { order_id: 'o1' } });
    assert.equal(body, 'amount=1999&currency=usd&capture_method=manual&confirm=true&payment_method=pm_card_visa&metadata%5Border_id%5D=o1');
    assert.deepEqual(stripeParamProblems('POST /v1/payment_intents', body), []);
    assert.deepEqual(stripeParamProblems('POST /v1/payment_intents', 'amount=19.5&source=tok_visa&confirm=yes'), [
      'amount: "19.5" is not an integer',
      'source: not a parameter of POST /v1/payment_intents in the Stripe subset',
      'confirm: "yes" is not true or false',
      'currency: required by POST /v1/payment_intents',
    ]);
    assert.deepEqual(stripeParamProblems('POST /v1/payment_intents/{intent}/cancel', 'cancellation_reason=automatic'), ['cancellation_reason: "automatic" is not one of duplicate, fraudulent, requested_by_customer, abandoned']);
  });

  it('finds missing fields, wrong types, enums, prefixes and milliseconds in nested objects', () => {
    const problems = stripeShapeProblems('error', { error: { type: 'card_error', payment_intent: { id: 'ch_1', object: 'payment_intent', status: 'done', created: Date.now() } } });
    assert.ok(problems.includes('error.error.payment_intent.id: "ch_1" does not start with pi_'));
    assert.ok(problems.includes('error.error.payment_intent.status: "done" is not one of requires_payment_method, requires_confirmation, requires_action, processing, requires_capture, canceled, succeeded'));
    assert.ok(problems.includes('error.error.payment_intent.created: looks like milliseconds, Stripe sends unix seconds'));
    assert.ok(problems.includes('error.error.payment_intent.amount: missing'));
  });
});
