import { Injectable } from '@nestjs/common';
import { newId } from '../../common/new-id';
import { missingParameter, type FormReader } from '../../common/form-reader';
import { SANDBOX_ERROR_CODES, SandboxError } from '../../common/sandbox.error';
import { IdempotentRequestRunner, type IdempotentResult } from '../idempotent-request.runner';
import { noSuchPaymentIntent } from '../payment-intent.errors';
import { PaymentIntentStore } from '../payment-intent.store';
import { unixSeconds } from '../payment-intent.transitions';
import type { Refund } from '../refund.model';
import type { StoredPaymentIntent } from '../stored-payment-intent';

/**
 * `POST /v1/refunds`: `payment_intent` or `charge` (its `latest_charge`; both -> they must
 * match), optional `amount` (default: what is left). Refunds captured money of a `succeeded`
 * PaymentIntent. Errors (`invalid_request_error`, all saved under the key once executed):
 * 404 `resource_missing`; 400 `charge_not_refundable` (nothing captured: declined, uncaptured
 * or voided); 400 `charge_already_refunded`; 400 `amount_too_large` (more than what is left).
 */
@Injectable()
export class CreateRefundUseCase {
  constructor(
    private readonly store: PaymentIntentStore,
    private readonly runner: IdempotentRequestRunner,
  ) {}

  execute(form: FormReader, idempotencyKey: string | undefined): Promise<IdempotentResult> {
    const id = { maxLength: 255, expected: 'an id' };
    const paymentIntent = form.string('payment_intent', id);
    const charge = form.string('charge', id);
    const amount = form.integer('amount', { min: 1 });
    form.done();
    if (paymentIntent === undefined && charge === undefined) throw missingParameter('payment_intent', 'Give payment_intent or charge.');
    return this.runner.run({ key: idempotencyKey, endpoint: 'POST /v1/refunds', params: form.params }, () => ({
      response: { status: 200, body: this.refund(this.locate(paymentIntent, charge), amount) },
    }));
  }

  private locate(paymentIntent: string | undefined, charge: string | undefined): StoredPaymentIntent {
    const byCharge = charge === undefined ? undefined : this.store.withCharge(charge);
    if (charge !== undefined && byCharge === undefined) {
      throw SandboxError.invalidRequest(SANDBOX_ERROR_CODES.resourceMissing, `No such charge: '${charge.slice(0, 64)}'`, 'charge', 404);
    }
    if (paymentIntent === undefined) return byCharge as StoredPaymentIntent;
    const entry = this.store.find(paymentIntent);
    if (entry === undefined) throw noSuchPaymentIntent(paymentIntent, 'payment_intent');
    if (byCharge !== undefined && byCharge.intent.id !== entry.intent.id) {
      throw SandboxError.invalidRequest(SANDBOX_ERROR_CODES.parameterInvalid, `Charge ${charge} does not belong to PaymentIntent ${paymentIntent}.`, 'charge');
    }
    return entry;
  }

  private refund(entry: StoredPaymentIntent, amount: number | undefined): Refund {
    const { intent } = entry;
    if (intent.status !== 'succeeded' || intent.latest_charge === null) {
      throw SandboxError.invalidRequest(
        SANDBOX_ERROR_CODES.chargeNotRefundable,
        `This PaymentIntent (${intent.id}) does not have a successful charge to refund (its status is ${intent.status}; cancel an uncaptured one instead).`,
        'payment_intent',
      );
    }
    const remaining = intent.amount_received - entry.amountRefunded;
    if (remaining === 0) {
      throw SandboxError.invalidRequest(SANDBOX_ERROR_CODES.chargeAlreadyRefunded, `Charge ${intent.latest_charge} has already been refunded.`, 'charge');
    }
    const refunded = amount ?? remaining;
    if (refunded > remaining) {
      throw SandboxError.invalidRequest(
        SANDBOX_ERROR_CODES.amountTooLarge,
        `Refund amount (${refunded}) is greater than unrefunded amount on charge (${remaining}).`,
        'amount',
      );
    }
    this.store.update(intent.id, (current) => ({ amountRefunded: current.amountRefunded + refunded }));
    return {
      id: newId('re'),
      object: 'refund',
      amount: refunded,
      currency: intent.currency,
      payment_intent: intent.id,
      charge: intent.latest_charge,
      status: 'succeeded',
      created: unixSeconds(Date.now()),
    };
  }
}
