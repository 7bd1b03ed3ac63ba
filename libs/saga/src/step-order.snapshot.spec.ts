/**
 * The order a step's job carries: what the dispatching transition wrote (without the payment
 * token), read back only on the job's first run and only at steps whose first write the database
 * refuses when they are stale: the pivot, a release, a message.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ORDER_STATUS, SAGA_STEP, type SagaStepName, type StepJobData } from '@app/contracts';
import { SAGA_PHASE, type SagaState, type StepOrder } from '@app/domain';
import { orderForNextStep, orderFromJob } from './step-order.snapshot';

const CREATED = new Date('2026-12-01T10:00:00.000Z');
const AT = new Date('2026-12-01T10:00:01.500Z');

function sagaAt(step: SagaStepName, version: number, phase: SagaState['phase'] = SAGA_PHASE.FORWARD): SagaState {
  return { status: ORDER_STATUS.RESERVED, phase, step, started: [SAGA_STEP.RESERVE_STOCK], compensations: [], reason: null, failedStep: null, version };
}

function order(saga: SagaState): StepOrder {
  return {
    _id: 'ord_1',
    customerId: 'cus_1',
    email: 'ann@example.com',
    items: [{ sku: 'SKU-1', quantity: 2 }],
    payment: { token: 'tok_visa', status: 'AUTHORIZED', currency: 'eur', amount: 4200, paymentIntentId: 'pi_1' },
    saga,
    cancelRequested: false,
    cancelReason: null,
    pastPivot: false,
    requestHash: 'h',
    createdAt: CREATED,
    updatedAt: CREATED,
    dispatchedAt: CREATED,
  };
}

/** What a worker finds in its job: the dispatched data after BullMQ's JSON round trip. */
function jobFor(next: SagaState, carried: Record<string, unknown> | undefined): StepJobData {
  const data: StepJobData = { orderId: 'ord_1', step: next.step ?? SAGA_STEP.RESERVE_STOCK, version: next.version, ...(carried !== undefined ? { order: carried } : {}) };
  return JSON.parse(JSON.stringify(data)) as StepJobData;
}

describe('the order a step job carries', () => {
  const first = { number: 1, final: false, firstRun: true };

  it('is the order as the transition wrote it: saga, dotted fields, timestamps, and the rest as loaded', () => {
    const next = sagaAt(SAGA_STEP.SEND_CONFIRMATION, 5);
    const carried = orderForNextStep(order(sagaAt(SAGA_STEP.CAPTURE_PAYMENT, 4)), next, { 'payment.status': 'CAPTURED' }, AT);
    const read = orderFromJob(jobFor(next, carried), first);
    assert.ok(read !== null);
    assert.deepEqual(read.saga, next);
    assert.deepEqual(read.payment, { token: '', status: 'CAPTURED', currency: 'eur', amount: 4200, paymentIntentId: 'pi_1' }, 'a dotted field changes only its own key; the token is not carried');
    assert.doesNotMatch(JSON.stringify(carried), /tok_visa/, 'the payment token stays out of the job');
    assert.deepEqual([read.createdAt, read.updatedAt, read.dispatchedAt], [CREATED, AT, AT], 'dates come back as dates');
    assert.deepEqual(read.items, [{ sku: 'SKU-1', quantity: 2 }]);
  });

  it("is read only on the job's first run", () => {
    const next = sagaAt(SAGA_STEP.SEND_CONFIRMATION, 5);
    const job = jobFor(next, orderForNextStep(order(sagaAt(SAGA_STEP.CAPTURE_PAYMENT, 4)), next, {}, AT));
    assert.ok(orderFromJob(job, first) !== null);
    assert.equal(orderFromJob(job, { ...first, firstRun: false }), null, 'a job that starts again loads the order');
    assert.equal(orderFromJob(job, { number: 1, final: false }), null, 'unknown counts as not');
  });

  it('is read by the steps whose first write the database refuses when they are stale: the pivot, a release, a message', () => {
    const steps = [sagaAt(SAGA_STEP.COMMIT_STOCK, 3), sagaAt(SAGA_STEP.RELEASE_STOCK, 3, SAGA_PHASE.COMPENSATING), sagaAt(SAGA_STEP.SEND_CANCELLATION, 5, SAGA_PHASE.COMPENSATING), sagaAt(SAGA_STEP.SEND_CONFIRMATION, 5)];
    for (const next of steps) {
      const carried = orderForNextStep(order(sagaAt(SAGA_STEP.AUTHORIZE_PAYMENT, 2)), next, {}, AT);
      assert.ok(carried !== undefined, `${String(next.step)} carries the order`);
      assert.ok(orderFromJob(jobFor(next, carried), first) !== null, `${String(next.step)} reads it`);
    }
  });

  it('is neither carried to nor read by a step a cancel can still stop, nor a payment step (it loads the order before calling the provider)', () => {
    const steps = [sagaAt(SAGA_STEP.RESERVE_STOCK, 1), sagaAt(SAGA_STEP.AUTHORIZE_PAYMENT, 2), sagaAt(SAGA_STEP.CAPTURE_PAYMENT, 4), sagaAt(SAGA_STEP.VOID_PAYMENT, 3, SAGA_PHASE.COMPENSATING)];
    for (const next of steps) {
      assert.equal(orderForNextStep(order(sagaAt(SAGA_STEP.RESERVE_STOCK, 1)), next, {}, AT), undefined, `${String(next.step)} carries nothing`);
      const forced = jobFor(next, { ...order(next), updatedAt: AT.toISOString() });
      assert.equal(orderFromJob(forced, first), null, `${String(next.step)} loads the order, carried or not`);
    }
  });

  it("is ignored when it does not name the job's order, version and step", () => {
    const next = sagaAt(SAGA_STEP.SEND_CONFIRMATION, 5);
    const carried = orderForNextStep(order(sagaAt(SAGA_STEP.CAPTURE_PAYMENT, 4)), next, {}, AT) ?? {};
    assert.equal(orderFromJob({ ...jobFor(next, carried), version: 6 }, first), null);
    assert.equal(orderFromJob({ ...jobFor(next, carried), orderId: 'ord_2' }, first), null);
    assert.equal(orderFromJob({ ...jobFor(next, carried), step: SAGA_STEP.SEND_CANCELLATION }, first), null);
    assert.equal(orderFromJob(jobFor(next, { ...carried, createdAt: 42 }), first), null, 'a date that is not one');
    assert.equal(orderFromJob(jobFor(next, undefined), first), null, 'nothing carried');
  });
});
