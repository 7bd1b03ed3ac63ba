/**
 * What the payment worker needs from a payment provider: authorize-then-capture, and void.
 * The adapter for Stripe's API (and the sandbox, which speaks the same subset) is
 * `adapters/stripe-payment-provider.adapter.ts`; another provider is another adapter bound to
 * this token.
 *
 * Contract, for every method:
 *  - the same idempotency key never moves money twice and answers with the original result;
 *  - `ProviderUnavailableError` (from `@app/domain`) for anything transient or ambiguous
 *    (network, timeout, 409 in progress, 429, 5xx, an open circuit): the caller retries later
 *    with the same key;
 *  - `PaymentRejectedError` for a final refusal (any other 4xx): never retried;
 *  - a declined card is a result, not an error.
 */
export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');

export interface AuthorizationRequest {
  readonly orderId: string;
  readonly amount: number;
  readonly currency: string;
  readonly token: string;
  /** The same for every attempt of the order's authorization, and for its replay before a void. */
  readonly idempotencyKey: string;
}

export type AuthorizationResult =
  | { readonly kind: 'AUTHORIZED'; readonly paymentIntentId: string }
  | { readonly kind: 'DECLINED'; readonly message: string };

export type CaptureResult =
  | { readonly kind: 'CAPTURED' }
  /** The authorization can no longer be captured (voided, or expired: 7 days at Stripe). */
  | { readonly kind: 'NOT_CAPTURABLE'; readonly message: string };

export interface VoidSummary {
  /** Authorizations of the order that were holding funds and are now cancelled. */
  readonly voided: readonly string[];
}

export interface PaymentProvider {
  /** Holds the amount on the customer's card (nothing moves until `capture`). */
  authorize(request: AuthorizationRequest): Promise<AuthorizationResult>;
  /** Takes the held amount, in full. Capturing an authorization that was already captured answers CAPTURED. */
  capture(paymentIntentId: string, idempotencyKey: string): Promise<CaptureResult>;
  /**
   * Cancels every authorization of the order that still holds funds. It first replays the
   * authorization request (same key, same parameters), so an authorization that landed after
   * its client gave up is found and cancelled too; while that first request is still being
   * processed the provider answers 409 and this throws `ProviderUnavailableError`.
   */
  voidOrder(authorization: AuthorizationRequest): Promise<VoidSummary>;
}
