import type { OrderReason } from './order-reason';
import type { OrderStatus } from './order-status';
import type { SagaStepName } from './saga-step';

/** What `GET /orders/:orderId` answers. */
export interface OrderView {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly reason?: OrderReason;
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly OrderItemView[];
  readonly payment: PaymentView;
  readonly cancelRequested: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt?: string;
  readonly history: readonly HistoryEntryView[];
}

export interface OrderItemView {
  readonly sku: string;
  readonly quantity: number;
}

export interface PaymentView {
  readonly status: PaymentStatus;
  readonly amount?: number;
  readonly currency: string;
  /** The provider's id of the order's authorization (a Stripe PaymentIntent `pi_...`). */
  readonly paymentIntentId?: string;
}

/**
 * Where the order's money stands:
 *  - PENDING: nothing asked of the provider yet;
 *  - AUTHORIZED: the funds are held on the customer's card, nothing moved;
 *  - CAPTURED: the held funds were taken (the only state in which money moved);
 *  - DECLINED: the card was declined (or the provider refused the request): nothing held;
 *  - VOIDED: every authorization of the order was cancelled: nothing held, nothing moved;
 *  - NOT_CHARGED: the order ended before any authorization was asked for.
 */
export const PAYMENT_STATUS = {
  PENDING: 'PENDING',
  AUTHORIZED: 'AUTHORIZED',
  CAPTURED: 'CAPTURED',
  DECLINED: 'DECLINED',
  VOIDED: 'VOIDED',
  NOT_CHARGED: 'NOT_CHARGED',
} as const;
export type PaymentStatus = (typeof PAYMENT_STATUS)[keyof typeof PAYMENT_STATUS];

export const STEP_OUTCOME = {
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
  RETRYING: 'RETRYING',
  CANCELLED: 'CANCELLED',
  /** The order's deadline passed while the step waited for a busy lock. */
  TIMED_OUT: 'TIMED_OUT',
} as const;
export type StepOutcomeName = (typeof STEP_OUTCOME)[keyof typeof STEP_OUTCOME];

/** A row of the console's order list (`GET /admin/orders`): the order without its step history, which only its detail shows. */
export type OrderRowView = Omit<OrderView, 'history'>;

export interface HistoryEntryView {
  readonly step: SagaStepName;
  readonly outcome: StepOutcomeName;
  readonly attempt: number;
  readonly at: string;
  readonly error?: string;
}
