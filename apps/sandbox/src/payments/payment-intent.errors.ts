import { SANDBOX_ERROR_CODES, SandboxError } from '../common/sandbox.error';
import type { PaymentIntent } from './payment-intent.model';

/**
 * The PaymentIntent errors, worded as Stripe words them:
 *  - 404 `resource_missing`, `param: 'intent'` (the path parameter's name in Stripe's API);
 *  - 400 `payment_intent_unexpected_state`, carrying the PaymentIntent in `payment_intent`.
 */
export function noSuchPaymentIntent(id: string, param = 'intent'): SandboxError {
  return SandboxError.invalidRequest(SANDBOX_ERROR_CODES.resourceMissing, `No such payment_intent: '${id.slice(0, 64)}'`, param, 404);
}

export function unexpectedState(intent: PaymentIntent, message: string): SandboxError {
  return new SandboxError(message, {
    status: 400,
    type: 'invalid_request_error',
    code: SANDBOX_ERROR_CODES.paymentIntentUnexpectedState,
    details: { payment_intent: intent },
  });
}
