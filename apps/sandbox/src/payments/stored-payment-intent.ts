import type { PaymentIntent } from './payment-intent.model';

/**
 * A PaymentIntent as the sandbox keeps it: Stripe's object plus the provider-side facts that
 * Stripe keeps on the charge or in its books (refunds, whether funds were ever held), and
 * whether it is a `tok_late` authorization that has not committed yet (`pending`: invisible
 * to the Stripe API, shown by the observer ledger).
 */
export interface StoredPaymentIntent {
  readonly intent: PaymentIntent;
  readonly createdMs: number;
  readonly pending: boolean;
  /** Funds were held at some point (authorized, then maybe captured, voided or expired). */
  readonly authorized: boolean;
  readonly amountRefunded: number;
}
