import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SandboxConfig } from '@app/config';
import { PaymentIntentStore } from './payment-intent.store';
import { authorizedIntent, baseIntent, newPaymentIntentIds } from './create-payment-intent/new-payment-intent';
import type { CreatePaymentIntentParams } from './create-payment-intent/create-payment-intent.params';
import { parseTestToken } from './test-token';

const CONFIG: SandboxConfig = { host: '127.0.0.1', httpPort: 0, smtpPort: 0, slowResponseMs: 1_000, apiKey: 'sk_test', authorizationTtlMs: 60_000 };

function params(orderId: string): CreatePaymentIntentParams {
  return { amount: 500, currency: 'usd', captureMethod: 'manual', token: parseTestToken('pm_card_visa'), metadata: { order_id: orderId }, description: null };
}

function authorized(store: PaymentIntentStore, orderId: string): string {
  const ids = newPaymentIntentIds();
  store.add({ intent: authorizedIntent(params(orderId), ids, Date.now()), createdMs: Date.now(), pending: false, authorized: true, amountRefunded: 0 });
  return ids.id;
}

describe('PaymentIntentStore lookups by metadata and charge', () => {
  it('finds the committed PaymentIntents of one metadata value, in creation order', () => {
    const store = new PaymentIntentStore(CONFIG);
    const first = authorized(store, 'o-1');
    authorized(store, 'o-2');
    const second = authorized(store, 'o-1');
    assert.deepEqual(store.withMetadata('order_id', 'o-1').map((entry) => entry.intent.id), [first, second]);
    assert.deepEqual(store.withMetadata('order_id', 'o-3'), []);
    assert.deepEqual(store.withMetadata('other', 'o-1'), []);
  });

  it('finds a PaymentIntent by its charge', () => {
    const store = new PaymentIntentStore(CONFIG);
    const id = authorized(store, 'o-1');
    const charge = store.find(id)?.intent.latest_charge ?? '';
    assert.equal(store.withCharge(charge)?.intent.id, id);
    assert.equal(store.withCharge('ch_unknown'), undefined);
  });

  it('hides a pending PaymentIntent until it commits, and forgets one that is dropped', () => {
    const store = new PaymentIntentStore(CONFIG);
    const late = newPaymentIntentIds();
    const dropped = newPaymentIntentIds();
    for (const ids of [late, dropped]) {
      store.add({ intent: { ...baseIntent(params('o-9'), ids, Date.now()), latest_charge: ids.charge }, createdMs: Date.now(), pending: true, authorized: false, amountRefunded: 0 });
    }
    assert.deepEqual(store.withMetadata('order_id', 'o-9'), []);
    assert.equal(store.withCharge(late.charge), undefined);

    store.commit(late.id, { intent: authorizedIntent(params('o-9'), late, Date.now()), createdMs: Date.now(), authorized: true });
    store.drop(dropped.id);
    assert.deepEqual(store.withMetadata('order_id', 'o-9').map((entry) => entry.intent.id), [late.id]);
    assert.equal(store.withCharge(late.charge)?.intent.id, late.id);
    assert.equal(store.withCharge(dropped.charge), undefined);
    assert.equal(store.all().length, 1);
  });
});
