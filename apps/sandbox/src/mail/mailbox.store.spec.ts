import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MailboxStore, type IncomingMail } from './mailbox.store';

describe('MailboxStore', () => {
  const mail = (overrides: Partial<IncomingMail> = {}): IncomingMail => ({
    messageId: '<m1@shop.test>',
    from: 'shop@shop.test',
    to: ['buyer@example.test'],
    subject: 'Your order',
    orderId: 'o1',
    type: 'order_confirmed',
    text: 'Thanks',
    ...overrides,
  });

  it('stores a Message-ID once and counts its deliveries, keeping the first copy', () => {
    const store = new MailboxStore();
    const first = store.deliver(mail());
    const again = store.deliver(mail({ messageId: ' m1@shop.test ', text: 'changed' }));
    assert.equal(again.id, first.id);
    assert.equal(again.deliveries, 2);
    assert.equal(again.text, 'Thanks');
    assert.equal(first.deliveries, 1, 'earlier results are not mutated');
    assert.equal(store.list({}).length, 1);
  });

  it('never merges messages without a Message-ID', () => {
    const store = new MailboxStore();
    store.deliver(mail({ messageId: null }));
    store.deliver(mail({ messageId: null }));
    assert.deepEqual(store.list({}).map((message) => message.deliveries), [1, 1]);
  });

  it('filters by orderId and type, in arrival order', () => {
    const store = new MailboxStore();
    const a = store.deliver(mail({ messageId: '<a@x>' }));
    const b = store.deliver(mail({ messageId: '<b@x>', type: 'order_cancelled' }));
    const c = store.deliver(mail({ messageId: '<c@x>', orderId: 'o2' }));
    const ids = (filter: Parameters<MailboxStore['list']>[0]): string[] => store.list(filter).map((message) => message.id);
    assert.deepEqual(ids({}), [a.id, b.id, c.id]);
    assert.deepEqual(ids({ orderId: 'o1' }), [a.id, b.id]);
    assert.deepEqual(ids({ type: 'order_confirmed' }), [a.id, c.id]);
    assert.deepEqual(ids({ orderId: 'o1', type: 'order_cancelled' }), [b.id]);
    assert.deepEqual(ids({ orderId: 'o3' }), []);
  });
});
