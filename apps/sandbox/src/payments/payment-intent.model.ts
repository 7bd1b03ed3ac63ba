/**
 * Stripe's PaymentIntent as the sandbox answers it: Stripe's own field names and value sets
 * (checked against Stripe's OpenAPI document, see `@app/testing` `stripe-subset.schema.ts`).
 * Only the fields the product relies on, plus `payment_method_types` (required by Stripe's
 * schema). Times are unix seconds.
 */
export const PAYMENT_INTENT_STATUSES = {
  requiresPaymentMethod: 'requires_payment_method',
  requiresConfirmation: 'requires_confirmation',
  requiresAction: 'requires_action',
  processing: 'processing',
  requiresCapture: 'requires_capture',
  canceled: 'canceled',
  succeeded: 'succeeded',
} as const;
export type PaymentIntentStatus = (typeof PAYMENT_INTENT_STATUSES)[keyof typeof PAYMENT_INTENT_STATUSES];

export const CAPTURE_METHODS = { automatic: 'automatic', manual: 'manual' } as const;
export type CaptureMethod = (typeof CAPTURE_METHODS)[keyof typeof CAPTURE_METHODS];

/** What a client may give `POST /v1/payment_intents/:id/cancel`. */
export const USER_CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;
export type UserCancellationReason = (typeof USER_CANCELLATION_REASONS)[number];
/** `automatic`: Stripe canceled it itself (here: an authorization that expired uncaptured). */
export type CancellationReason = UserCancellationReason | 'automatic';

/** `last_payment_error`: the card error of the last failed confirmation. */
export interface PaymentError {
  readonly type: 'card_error';
  readonly code: string;
  readonly decline_code: string;
  readonly message: string;
  readonly charge: string;
}

export interface PaymentIntent {
  readonly id: string;
  readonly object: 'payment_intent';
  readonly amount: number;
  readonly amount_capturable: number;
  readonly amount_received: number;
  readonly currency: string;
  readonly capture_method: CaptureMethod;
  readonly confirmation_method: 'automatic';
  readonly status: PaymentIntentStatus;
  readonly metadata: Readonly<Record<string, string>>;
  readonly description: string | null;
  readonly latest_charge: string | null;
  readonly payment_method: string | null;
  readonly payment_method_types: readonly ['card'];
  readonly created: number;
  readonly canceled_at: number | null;
  readonly cancellation_reason: CancellationReason | null;
  readonly last_payment_error: PaymentError | null;
  readonly livemode: false;
}

export interface PaymentIntentSearchResult {
  readonly object: 'search_result';
  readonly data: readonly PaymentIntent[];
  readonly has_more: boolean;
  readonly next_page: null;
  readonly url: '/v1/payment_intents/search';
}
