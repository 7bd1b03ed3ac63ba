/** Stripe's Refund object, the fields the sandbox answers (card refunds succeed at once here). */
export interface Refund {
  readonly id: string;
  readonly object: 'refund';
  readonly amount: number;
  readonly currency: string;
  readonly payment_intent: string;
  readonly charge: string;
  readonly status: 'succeeded';
  readonly created: number;
}
