/** Order statuses. Terminal ones are exactly COMPLETED, CANCELLED and FAILED (FAILED = needs an operator). */
export const ORDER_STATUS = {
  PENDING: 'PENDING',
  /** Stock is held for the order. */
  RESERVED: 'RESERVED',
  /** The customer's funds are held (authorized, not captured). */
  PAYMENT_AUTHORIZED: 'PAYMENT_AUTHORIZED',
  /** The pivot: the stock is sold; from here the order completes (or needs an operator). */
  STOCK_COMMITTED: 'STOCK_COMMITTED',
  /** The authorization was captured: the money moved. */
  PAID: 'PAID',
  COMPENSATING: 'COMPENSATING',
  COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
  FAILED: 'FAILED',
} as const;
export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];

export const TERMINAL_STATUSES: readonly OrderStatus[] = [ORDER_STATUS.COMPLETED, ORDER_STATUS.CANCELLED, ORDER_STATUS.FAILED];

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}
