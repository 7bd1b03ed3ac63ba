import { newId } from '../../common/new-id';
import type { PaymentIntent } from '../payment-intent.model';
import { unixSeconds } from '../payment-intent.transitions';
import type { CreatePaymentIntentParams } from './create-payment-intent.params';

/**
 * Builds the PaymentIntent a create-and-confirm produces, from its parameters, the ids it was
 * given (`pi_`, `ch_`, `pm_`) and the time:
 *  - `authorizedIntent`: manual capture -> `requires_capture` (all of `amount` capturable);
 *    automatic -> `succeeded` (all of `amount` received);
 *  - `declinedIntent`: `requires_payment_method`, `last_payment_error` naming the failed charge,
 *    no payment method attached (Stripe detaches a declined one).
 */
export interface PaymentIntentIds {
  readonly id: string;
  readonly charge: string;
  readonly paymentMethod: string;
}

export const DECLINE = { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' } as const;

export function newPaymentIntentIds(): PaymentIntentIds {
  return { id: newId('pi'), charge: newId('ch'), paymentMethod: newId('pm') };
}

export function authorizedIntent(params: CreatePaymentIntentParams, ids: PaymentIntentIds, nowMs: number): PaymentIntent {
  const base = baseIntent(params, ids, nowMs);
  const held = params.captureMethod === 'manual';
  return {
    ...base,
    status: held ? 'requires_capture' : 'succeeded',
    amount_capturable: held ? params.amount : 0,
    amount_received: held ? 0 : params.amount,
    latest_charge: ids.charge,
    payment_method: ids.paymentMethod,
  };
}

export function declinedIntent(params: CreatePaymentIntentParams, ids: PaymentIntentIds, nowMs: number): PaymentIntent {
  return {
    ...baseIntent(params, ids, nowMs),
    latest_charge: ids.charge,
    last_payment_error: { type: 'card_error', code: DECLINE.code, decline_code: DECLINE.declineCode, message: DECLINE.message, charge: ids.charge },
  };
}

/** The PaymentIntent before confirmation (what a `tok_late` entry looks like while pending). */
export function baseIntent(params: CreatePaymentIntentParams, ids: PaymentIntentIds, nowMs: number): PaymentIntent {
  return {
    id: ids.id,
    object: 'payment_intent',
    amount: params.amount,
    amount_capturable: 0,
    amount_received: 0,
    currency: params.currency,
    capture_method: params.captureMethod,
    confirmation_method: 'automatic',
    status: 'requires_payment_method',
    metadata: { ...params.metadata },
    description: params.description,
    latest_charge: null,
    payment_method: null,
    payment_method_types: ['card'],
    created: unixSeconds(nowMs),
    canceled_at: null,
    cancellation_reason: null,
    last_payment_error: null,
    livemode: false,
  };
}
