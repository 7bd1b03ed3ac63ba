import { Injectable } from '@nestjs/common';
import type { FormReader } from '../../common/form-reader';
import { IdempotentRequestRunner, type IdempotentResult } from '../idempotent-request.runner';
import { noSuchPaymentIntent } from '../payment-intent.errors';
import { PaymentIntentStore } from '../payment-intent.store';
import { captureIntent } from '../payment-intent.transitions';

/**
 * `POST /v1/payment_intents/:id/capture`, optional `amount_to_capture` (integer, at most
 * `amount_capturable`, default all of it). 404 `resource_missing` for an unknown id; 400
 * `payment_intent_unexpected_state` unless `requires_capture` (see `captureIntent`). Both are
 * answers, saved under the idempotency key like a success.
 */
@Injectable()
export class CapturePaymentIntentUseCase {
  constructor(
    private readonly store: PaymentIntentStore,
    private readonly runner: IdempotentRequestRunner,
  ) {}

  execute(id: string, form: FormReader, idempotencyKey: string | undefined): Promise<IdempotentResult> {
    const amountToCapture = form.integer('amount_to_capture', { min: 1 });
    form.done();
    return this.runner.run({ key: idempotencyKey, endpoint: `POST /v1/payment_intents/${id}/capture`, params: form.params }, () => {
      const entry = this.store.find(id);
      if (entry === undefined) throw noSuchPaymentIntent(id);
      const captured = captureIntent(entry.intent, amountToCapture);
      return { response: { status: 200, body: this.store.update(id, () => ({ intent: captured })) } };
    });
  }
}
