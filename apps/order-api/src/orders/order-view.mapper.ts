import { ORDER_REASON, PAYMENT_STATUS, isTerminal, type OrderRowView, type OrderView, type PaymentStatus } from '@app/contracts';
import type { Order } from '@app/domain';

function paymentStatus(order: Omit<Order, 'history'>): PaymentStatus {
  if (order.payment.status !== PAYMENT_STATUS.PENDING) return order.payment.status;
  if (order.saga.reason === ORDER_REASON.PAYMENT_DECLINED || order.saga.reason === ORDER_REASON.PAYMENT_REJECTED) return PAYMENT_STATUS.DECLINED;
  return isTerminal(order.saga.status) ? PAYMENT_STATUS.NOT_CHARGED : PAYMENT_STATUS.PENDING;
}

/** The public shape of an order (GET /orders/:orderId). */
export function toOrderView(order: Order): OrderView {
  return {
    ...toOrderRowView(order),
    history: order.history.map((entry) => ({
      step: entry.step,
      outcome: entry.outcome,
      attempt: entry.attempt,
      at: entry.at.toISOString(),
      ...(entry.error !== undefined ? { error: entry.error } : {}),
    })),
  };
}

/** A row of the console's order list: the order read without its history. */
export function toOrderRowView(order: Omit<Order, 'history'>): OrderRowView {
  return {
    orderId: order._id,
    status: order.saga.status,
    ...(order.saga.reason !== null ? { reason: order.saga.reason } : {}),
    customerId: order.customerId,
    email: order.email,
    items: order.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
    payment: {
      status: paymentStatus(order),
      currency: order.payment.currency,
      ...(order.payment.amount !== undefined ? { amount: order.payment.amount } : {}),
      ...(order.payment.paymentIntentId !== undefined ? { paymentIntentId: order.payment.paymentIntentId } : {}),
    },
    cancelRequested: order.cancelRequested,
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    ...(order.completedAt !== undefined ? { completedAt: order.completedAt.toISOString() } : {}),
  };
}
