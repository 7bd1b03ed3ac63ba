/**
 * The data lifecycle against a real server: `expiresAt` is set on an order only by the
 * transition that ends it COMPLETED or CANCELLED (never while it runs, never when it ends
 * FAILED), and the same batch stamps that order's reservation ledger records and outbox records,
 * no sooner than the order; every other order's records are left alone. The TTL indexes exist as
 * declared (`expireAfterSeconds: 0`, partial on `expiresAt`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { retentionMs, type RetentionConfig } from '@app/config';
import { ORDER_REASON, ORDER_STATUS, SAGA_STEP, STEP_OUTCOME } from '@app/contracts';
import { advanceSaga, retryFailedSaga, type Order, type SagaState, type StepOutcome } from '@app/domain';
import { createTestEnvironment, newOrder, type TestEnvironment } from '@app/testing';
import { COLLECTION, DatabaseClock, OrderRepository, RESERVATION_STATE, type NotificationRecord, type Reservation } from '@app/dal';

const RETENTION: RetentionConfig = { orderDays: 10, reservationDays: 12, notificationDays: 3, failedJobDays: 1, trendDays: 1 };
const SUCCEEDED: StepOutcome = { kind: 'SUCCEEDED' };

describe('data lifecycle: expiry of ended orders and their records', () => {
  let env: TestEnvironment;
  let orders: OrderRepository;
  let now = Date.parse('2026-12-02T10:00:00Z');

  before(async () => {
    env = await createTestEnvironment('lifecycle');
    orders = new OrderRepository(env.db, DatabaseClock.over(env.db, () => now), RETENTION);
  });

  after(async () => {
    await env.cleanup();
  });

  async function place(): Promise<Order> {
    const order = newOrder({ items: [{ sku: 'LIFE-A', quantity: 1 }, { sku: 'LIFE-B', quantity: 2 }] });
    await env.db.collection<Order>(COLLECTION.ORDERS).insertOne(order);
    const at = new Date(now);
    // The order's records, as its steps write them: one ledger record per SKU, one outbox record.
    await env.db.collection<Reservation>(COLLECTION.RESERVATIONS).insertMany(order.items.map((item) => ({ _id: `${order._id}:${item.sku}`, orderId: order._id, sku: item.sku, quantity: item.quantity, state: RESERVATION_STATE.RESERVED, createdAt: at, updatedAt: at })));
    await env.db.collection<NotificationRecord>(COLLECTION.NOTIFICATIONS).insertOne({ _id: `${order._id}:confirmation`, orderId: order._id, type: 'confirmation', state: 'SENT', owner: 'w', leaseUntil: at, attempts: 1 });
    return order;
  }

  /** Moves the saga one step with `outcome`, as a worker does; returns the new state. */
  async function step(orderId: string, state: SagaState, outcome: StepOutcome): Promise<SagaState> {
    now += 1_000;
    const next = advanceSaga(state, outcome, null);
    const result = await orders.transition(orderId, state.version, next, { step: state.step ?? SAGA_STEP.RESERVE_STOCK, outcome: STEP_OUTCOME.SUCCEEDED, attempt: 1, at: new Date(now) });
    assert.equal(result, 'APPLIED');
    return next;
  }

  async function expiries(orderId: string): Promise<{ order: Date | undefined; reservations: (Date | undefined)[]; notifications: (Date | undefined)[] }> {
    const order = await env.db.collection<Order>(COLLECTION.ORDERS).findOne({ _id: orderId });
    const reservations = await env.db.collection<Reservation>(COLLECTION.RESERVATIONS).find({ orderId }).toArray();
    const notifications = await env.db.collection<NotificationRecord>(COLLECTION.NOTIFICATIONS).find({ orderId }).toArray();
    return { order: order?.expiresAt, reservations: reservations.map((r) => r.expiresAt), notifications: notifications.map((n) => n.expiresAt) };
  }

  function assertNoExpiry(found: Awaited<ReturnType<typeof expiries>>, what: string): void {
    assert.equal(found.order, undefined, `${what}: the order has no expiresAt`);
    assert.deepEqual(found.reservations, [undefined, undefined], `${what}: its ledger records have none`);
    assert.deepEqual(found.notifications, [undefined], `${what}: its outbox record has none`);
  }

  it('a completed order: nothing expires while it runs; its end stamps it and its records, no sooner than the order', async () => {
    const order = await place();
    const bystander = await place();
    let state = order.saga;
    while (state.step !== SAGA_STEP.SEND_CONFIRMATION) {
      state = await step(order._id, state, SUCCEEDED);
      assertNoExpiry(await expiries(order._id), `in flight at ${state.status}`);
    }
    state = await step(order._id, state, SUCCEEDED);
    assert.equal(state.status, ORDER_STATUS.COMPLETED);

    const ended = now;
    const found = await expiries(order._id);
    assert.deepEqual(found.order, new Date(ended + retentionMs(RETENTION.orderDays)));
    assert.deepEqual(found.reservations, [new Date(ended + retentionMs(RETENTION.reservationDays)), new Date(ended + retentionMs(RETENTION.reservationDays))]);
    assert.deepEqual(found.notifications, [new Date(ended + retentionMs(RETENTION.notificationDays))]);
    assertNoExpiry(await expiries(bystander._id), 'another order, still in flight');
  });

  it('a cancelled order (declined card, compensated) is stamped when it ends CANCELLED, not before', async () => {
    const order = await place();
    let state = await step(order._id, order.saga, SUCCEEDED); // RESERVE_STOCK
    state = await step(order._id, state, { kind: 'FAILED', reason: ORDER_REASON.PAYMENT_DECLINED }); // AUTHORIZE_PAYMENT
    while (state.step !== null) {
      assertNoExpiry(await expiries(order._id), `compensating at ${String(state.step)}`);
      state = await step(order._id, state, SUCCEEDED);
    }
    assert.equal(state.status, ORDER_STATUS.CANCELLED);
    const found = await expiries(order._id);
    assert.deepEqual(found.order, new Date(now + retentionMs(RETENTION.orderDays)));
    assert.equal(found.reservations.filter((at) => at !== undefined && at >= found.order!).length, 2, 'each tombstone outlives its order');
  });

  it('a FAILED order keeps everything (an operator may retry it); once retried and completed it is stamped', async () => {
    const order = await place();
    let state = order.saga;
    while (state.step !== SAGA_STEP.CAPTURE_PAYMENT) state = await step(order._id, state, SUCCEEDED);
    state = await step(order._id, state, { kind: 'FAILED', reason: ORDER_REASON.CAPTURE_FAILED });
    assert.equal(state.status, ORDER_STATUS.FAILED);
    assertNoExpiry(await expiries(order._id), 'FAILED');

    now += 1_000;
    const retried = retryFailedSaga(state);
    assert.ok(await orders.retry(order._id, state.version, retried, { step: SAGA_STEP.CAPTURE_PAYMENT, outcome: STEP_OUTCOME.RETRYING, attempt: 1, at: new Date(now) }, new Date(now)));
    assertNoExpiry(await expiries(order._id), 'retried by an operator');
    state = await step(order._id, retried, SUCCEEDED);
    state = await step(order._id, state, SUCCEEDED);
    assert.equal(state.status, ORDER_STATUS.COMPLETED);
    assert.deepEqual((await expiries(order._id)).order, new Date(now + retentionMs(RETENTION.orderDays)));
  });

  it('declares the TTL indexes: removed when expiresAt has passed, only documents that have one indexed', async () => {
    for (const collection of [COLLECTION.ORDERS, COLLECTION.RESERVATIONS, COLLECTION.NOTIFICATIONS]) {
      const index = (await env.db.collection(collection).listIndexes().toArray()).find((candidate) => candidate['name'] === 'retention_ttl');
      assert.ok(index, `${collection} has retention_ttl`);
      assert.deepEqual(index['key'], { expiresAt: 1 });
      assert.equal(index['expireAfterSeconds'], 0);
      assert.deepEqual(index['partialFilterExpression'], { expiresAt: { $exists: true } });
    }
  });
});
