/** The outside services a worker calls, by the name their circuit breaker, metrics and health details use. */
export const OUTSIDE_PROVIDER = {
  PAYMENT: 'payment',
  MAIL: 'mail',
} as const;
export type OutsideProvider = (typeof OUTSIDE_PROVIDER)[keyof typeof OUTSIDE_PROVIDER];
