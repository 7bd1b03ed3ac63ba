import { SANDBOX_ERROR_CODES, SandboxError } from '../common/sandbox.error';
import type { CancellationReason, PaymentIntent, PaymentIntentStatus } from './payment-intent.model';
import { unexpectedState } from './payment-intent.errors';

/**
 * How a PaymentIntent moves, as pure functions of (PaymentIntent, input, now in ms):
 *  - `captureIntent`: `requires_capture` -> `succeeded`, `amount_received` = the captured
 *    amount (default: all of `amount_capturable`; more -> 400 `amount_too_large`);
 *  - `cancelIntent`: from any status but `succeeded` / `canceled` -> `canceled`;
 *  - `expireAuthorization`: `requires_capture` -> `canceled` / `automatic` (Stripe: 7 days).
 * A disallowed move throws 400 `payment_intent_unexpected_state` with Stripe's message and the
 * PaymentIntent in the error body.
 */
const CANCELABLE: readonly PaymentIntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture'];

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export function captureIntent(intent: PaymentIntent, amountToCapture: number | undefined): PaymentIntent {
  if (intent.status !== 'requires_capture') {
    throw unexpectedState(intent, `This PaymentIntent could not be captured because it has a status of ${intent.status}.`);
  }
  const amount = amountToCapture ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    throw SandboxError.invalidRequest(
      SANDBOX_ERROR_CODES.amountTooLarge,
      `The amount_to_capture (${amount}) must be less than or equal to the amount_capturable (${intent.amount_capturable}).`,
      'amount_to_capture',
    );
  }
  return { ...intent, status: 'succeeded', amount_received: amount, amount_capturable: 0 };
}

export function cancelIntent(intent: PaymentIntent, reason: CancellationReason | null, nowMs: number): PaymentIntent {
  if (!CANCELABLE.includes(intent.status)) {
    throw unexpectedState(intent, `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`);
  }
  return { ...intent, status: 'canceled', amount_capturable: 0, canceled_at: unixSeconds(nowMs), cancellation_reason: reason };
}

export function expireAuthorization(intent: PaymentIntent, nowMs: number): PaymentIntent {
  if (intent.status !== 'requires_capture') {
    throw unexpectedState(intent, `This PaymentIntent cannot expire because it has a status of ${intent.status}; only an uncaptured authorization (requires_capture) expires.`);
  }
  return cancelIntent(intent, 'automatic', nowMs);
}
