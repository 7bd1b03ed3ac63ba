import type { StepOrder } from '@app/domain';
import type { AuthorizationRequest } from './payment-provider.port';

/**
 * The order's authorization request, built from the order alone, so that every attempt and the
 * replay before a void send the very same parameters under the very same key.
 */
export function authorizationRequestOf(order: StepOrder): AuthorizationRequest {
  const amount = order.payment.amount;
  if (amount === undefined) throw new Error(`order ${order._id} has no amount (stock not priced)`);
  return { orderId: order._id, amount, currency: order.payment.currency, token: order.payment.token, idempotencyKey: `authorize-${order._id}` };
}
