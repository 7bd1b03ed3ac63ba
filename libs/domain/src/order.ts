/** The order as the saga sees it: pure data, persisted by libs/dal. */
import type { OrderItemView, OrderReason, PaymentStatus, SagaStepName, StepOutcomeName } from '@app/contracts';
import type { SagaState } from './saga-state';

export type OrderItem = OrderItemView;

export interface OrderPayment {
  readonly token: string;
  readonly status: PaymentStatus;
  readonly currency: string;
  /** Total in minor units, priced when stock is reserved. */
  readonly amount?: number;
  /** The provider's id of the authorization (Stripe PaymentIntent), once AUTHORIZE_PAYMENT has it. */
  readonly paymentIntentId?: string;
}

export interface HistoryEntry {
  readonly step: SagaStepName;
  readonly outcome: StepOutcomeName;
  readonly attempt: number;
  readonly at: Date;
  readonly error?: string;
}

export interface Order {
  readonly _id: string;
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly OrderItem[];
  readonly payment: OrderPayment;
  readonly saga: SagaState;
  readonly cancelRequested: boolean;
  /** Why the cancel was requested (customer or operator); null when none was. */
  readonly cancelReason: OrderReason | null;
  /** Set atomically when the pivot step (COMMIT_STOCK) claims the order; a cancel is refused after. */
  readonly pastPivot: boolean;
  readonly idempotencyKey?: string;
  readonly requestHash: string;
  readonly history: readonly HistoryEntry[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** When the current step was last handed to a queue; the recovery sweep looks at it. */
  readonly dispatchedAt: Date;
  readonly completedAt?: Date;
  /** Set only when the order ends COMPLETED or CANCELLED: it is removed after this (ORDER_RETENTION_DAYS). */
  readonly expiresAt?: Date;
}

/** The order as a saga step sees it: everything but its history, which only grows. */
export type StepOrder = Omit<Order, 'history'>;
