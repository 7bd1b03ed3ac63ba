import type { StoredPaymentIntent } from '../stored-payment-intent';

/**
 * One entry of the observer ledger (sandbox only, not Stripe): one authorization attempt, i.e.
 * one PaymentIntent, as tests and tools need to see it (`id` is its charge, `ch_…`):
 *  - `status`: `pending` (a `tok_late` request not committed yet), `succeeded` (authorized,
 *    maybe captured, voided or expired since) or `failed` (declined);
 *  - `captured` / `amountCaptured`: money taken; `amountRefunded`: money given back;
 *  - `refunded`: the money went back in full, or the hold was released (voided or expired,
 *    then `captured: false`).
 * Money moved = `captured ? amountCaptured - amountRefunded : 0`; an entry with
 * `status: 'succeeded'`, `captured: false`, `refunded: false` still holds the customer's funds.
 */
export interface ObservedCharge {
  readonly id: string;
  readonly orderId: string | null;
  readonly status: 'pending' | 'succeeded' | 'failed';
  readonly amount: number;
  readonly captured: boolean;
  readonly amountCaptured: number;
  readonly amountRefunded: number;
  readonly refunded: boolean;
  readonly paymentIntent: string;
}

export function observeCharge(entry: StoredPaymentIntent): ObservedCharge {
  const { intent } = entry;
  const captured = intent.status === 'succeeded';
  const released = entry.authorized && intent.status === 'canceled';
  return {
    id: intent.latest_charge ?? intent.id,
    orderId: intent.metadata['order_id'] ?? null,
    status: entry.pending ? 'pending' : entry.authorized ? 'succeeded' : 'failed',
    amount: intent.amount,
    captured,
    amountCaptured: intent.amount_received,
    amountRefunded: entry.amountRefunded,
    refunded: captured ? entry.amountRefunded >= intent.amount_received : released,
    paymentIntent: intent.id,
  };
}
