/**
 * `--preload M`: inserts M terminal orders straight into the orders collection (insertMany in
 * batches), shaped like the COMPLETED orders the saga leaves behind — saga state advanced through
 * every step, one SUCCEEDED history entry per step, payment CAPTURED, past the pivot — and dated
 * before the run, so that the run measures a collection that is not empty.
 */
import { createHash } from 'node:crypto';
import type { Db } from 'mongodb';
import { PAYMENT_STATUS, STEP_OUTCOME, type SagaStepName } from '@app/contracts';
import { COLLECTION } from '@app/dal';
import { advanceSaga, initialSagaState, type HistoryEntry, type Order, type SagaState } from '@app/domain';
import { newOrder } from '@app/testing';
import type { Scenario } from '../scenario/scenario';

const BATCH = 1_000;
/** Preloaded orders are spread over the day before the run. */
const SPAN_MS = 24 * 3_600_000;

export async function preloadOrders(db: Db, count: number, scenario: Scenario, unitPrice: (sku: string) => number): Promise<void> {
  const orders = db.collection<Order>(COLLECTION.ORDERS);
  const now = Date.now();
  for (let start = 0; start < count; start += BATCH) {
    const batch: Order[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i += 1) {
      batch.push(completedOrder(i, scenario, unitPrice, new Date(now - SPAN_MS + Math.floor((i / count) * SPAN_MS) - 60_000)));
    }
    await orders.insertMany(batch, { ordered: false });
  }
}

function completedOrder(index: number, scenario: Scenario, unitPrice: (sku: string) => number, createdAt: Date): Order {
  const items = scenario.itemsFor(index);
  const amount = items.reduce((sum, item) => sum + unitPrice(item.sku) * item.quantity, 0);
  const base = newOrder({ items, amount, token: 'tok_visa' });
  const { saga, history } = completedSaga(createdAt);
  const completedAt = history.at(-1)?.at ?? createdAt;
  return {
    ...base,
    customerId: `preload-${index % 1_000}`,
    email: `preload${index % 1_000}@example.com`,
    payment: { ...base.payment, status: PAYMENT_STATUS.CAPTURED, paymentIntentId: `pi_preload_${index}` },
    saga,
    pastPivot: true,
    requestHash: createHash('sha256').update(`preload-${index}`).digest('hex'),
    history,
    createdAt,
    updatedAt: completedAt,
    dispatchedAt: completedAt,
    completedAt,
  };
}

/** The saga state and history of an order that went through every step at the first attempt. */
function completedSaga(createdAt: Date): { saga: SagaState; history: HistoryEntry[] } {
  let saga = initialSagaState();
  const history: HistoryEntry[] = [];
  while (saga.step !== null) {
    const step: SagaStepName = saga.step;
    saga = advanceSaga(saga, { kind: 'SUCCEEDED' }, null);
    history.push({ step, outcome: STEP_OUTCOME.SUCCEEDED, attempt: 1, at: new Date(createdAt.getTime() + 40 * (history.length + 1)) });
  }
  return { saga, history };
}
