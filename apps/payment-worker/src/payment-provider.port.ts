/**
 * What the payment worker needs from a payment provider. The adapter for the sandbox (and for
 * any Stripe-compatible API) is `adapters/http-payment-provider.adapter.ts`; another provider is
 * another adapter bound to this token.
 *
 * Contract: `charge` with the same idempotency key never charges twice and answers with the
 * original result; it throws `PaymentUnavailableError` for anything technical (timeout, 5xx,
 * network), after which the caller retries with the same key. A decline is a result, not an error.
 */
export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');

export interface ChargeRequest {
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly token: string;
  readonly idempotencyKey: string;
}

export type ChargeResult =
  | { readonly kind: 'CHARGED'; readonly chargeId: string }
  | { readonly kind: 'DECLINED'; readonly chargeId?: string; readonly message: string };

export interface RefundSummary {
  /** Charges of the order that had money on them (now refunded in full). */
  readonly refundedCharges: readonly string[];
}

export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /** Refunds, in full, every successful charge of the order (idempotent per charge). */
  refundOrder(orderId: string): Promise<RefundSummary>;
}
