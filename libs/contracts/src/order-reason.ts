/** Why an order was cancelled or failed. */
export const ORDER_REASON = {
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  UNKNOWN_SKU: 'UNKNOWN_SKU',
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  /** The payment provider refused the request for good (a 4xx other than a decline, e.g. an amount it does not accept). */
  PAYMENT_REJECTED: 'PAYMENT_REJECTED',
  /** Capture past the pivot could not succeed within RETRY_WINDOW_MS (e.g. the authorization expired); an operator must look (status FAILED). */
  CAPTURE_FAILED: 'CAPTURE_FAILED',
  CANCELLED_BY_CUSTOMER: 'CANCELLED_BY_CUSTOMER',
  CANCELLED_BY_OPERATOR: 'CANCELLED_BY_OPERATOR',
  /** A step kept failing for technical reasons until its attempts (or, for a provider outage, RETRY_WINDOW_MS) ran out. */
  STEP_EXHAUSTED: 'STEP_EXHAUSTED',
  /** A compensation could not finish; an operator must look (status FAILED). */
  COMPENSATION_FAILED: 'COMPENSATION_FAILED',
  /** The order did not get past the pivot within ORDER_DEADLINE_MS (e.g. an item lock kept busy): cancelled. */
  TIMEOUT: 'TIMEOUT',
  /** A compensation kept meeting busy locks past the order's deadline; an operator must look (status FAILED). */
  COMPENSATION_STALLED: 'COMPENSATION_STALLED',
} as const;
export type OrderReason = (typeof ORDER_REASON)[keyof typeof ORDER_REASON];
