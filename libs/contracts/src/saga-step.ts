/** Names of the saga's steps as they travel in jobs, history entries and the API. */
export const SAGA_STEP = {
  RESERVE_STOCK: 'RESERVE_STOCK',
  CHARGE_PAYMENT: 'CHARGE_PAYMENT',
  COMMIT_STOCK: 'COMMIT_STOCK',
  SEND_CONFIRMATION: 'SEND_CONFIRMATION',
  RELEASE_STOCK: 'RELEASE_STOCK',
  REFUND_PAYMENT: 'REFUND_PAYMENT',
  SEND_CANCELLATION: 'SEND_CANCELLATION',
} as const;
export type SagaStepName = (typeof SAGA_STEP)[keyof typeof SAGA_STEP];
