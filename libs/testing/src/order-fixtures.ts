/** Orders for tests, at any point of the saga's happy path. */
import { randomUUID } from 'node:crypto';
import { PAYMENT_STATUS, type SagaStepName } from '@app/contracts';
import { advanceSaga, initialSagaState, type Order, type OrderItem, type SagaState } from '@app/domain';

export interface OrderFixture {
  readonly items?: readonly OrderItem[];
  readonly token?: string;
  readonly amount?: number;
  /** Advance the saga along the happy path until this step is current. */
  readonly atStep?: SagaStepName;
}

export function sagaAt(step: SagaStepName): SagaState {
  let state = initialSagaState();
  while (state.step !== step) {
    if (state.step === null) throw new Error(`${step} is not on the happy path`);
    state = advanceSaga(state, { kind: 'SUCCEEDED' }, null);
  }
  return state;
}

export function newOrder(fixture: OrderFixture = {}): Order {
  const now = new Date();
  return {
    _id: `ord_${randomUUID().replace(/-/g, '')}`,
    customerId: 'c-test',
    email: 'test@example.com',
    items: fixture.items ?? [{ sku: 'SKU-1', quantity: 1 }],
    payment: {
      token: fixture.token ?? 'tok_visa',
      status: PAYMENT_STATUS.PENDING,
      currency: 'usd',
      ...(fixture.amount !== undefined ? { amount: fixture.amount } : {}),
    },
    saga: fixture.atStep !== undefined ? sagaAt(fixture.atStep) : initialSagaState(),
    cancelRequested: false,
    cancelReason: null,
    pastPivot: false,
    requestHash: 'test',
    history: [],
    createdAt: now,
    updatedAt: now,
    dispatchedAt: now,
  };
}
