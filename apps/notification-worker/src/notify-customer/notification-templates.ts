import type { StepOrder } from '@app/domain';

export const NOTIFICATION_TYPE = { CONFIRMATION: 'confirmation', CANCELLATION: 'cancellation' } as const;
export type NotificationType = (typeof NOTIFICATION_TYPE)[keyof typeof NOTIFICATION_TYPE];

const REASON_TEXT: Readonly<Record<string, string>> = {
  OUT_OF_STOCK: 'some items are out of stock',
  UNKNOWN_SKU: 'some items do not exist',
  PAYMENT_DECLINED: 'the payment was declined',
  CANCELLED_BY_CUSTOMER: 'you asked us to cancel it',
  CANCELLED_BY_OPERATOR: 'our staff cancelled it',
  STEP_EXHAUSTED: 'we could not complete it in time',
  TIMEOUT: 'we could not complete it in time',
};

function itemLines(order: StepOrder): string {
  return order.items.map((item) => `  - ${item.quantity} x ${item.sku}`).join('\n');
}

function money(order: StepOrder): string {
  const amount = order.payment.amount;
  return amount === undefined ? '' : `Total: ${(amount / 100).toFixed(2)} ${order.payment.currency.toUpperCase()}\n`;
}

export function renderNotification(order: StepOrder, type: NotificationType): { subject: string; text: string } {
  if (type === NOTIFICATION_TYPE.CONFIRMATION) {
    return {
      subject: `Your order ${order._id} is confirmed`,
      text: `Thank you! Your order ${order._id} is confirmed.\n\n${itemLines(order)}\n\n${money(order)}`,
    };
  }
  const why = REASON_TEXT[order.saga.reason ?? ''] ?? 'it could not be completed';
  return {
    subject: `Your order ${order._id} was cancelled`,
    text: `Your order ${order._id} was cancelled because ${why}.\n\n${itemLines(order)}\n\nAny payment has been refunded.\n`,
  };
}
