import { Injectable } from '@nestjs/common';
import type { FormReader } from '../../common/form-reader';
import { IdempotentRequestRunner, type IdempotentResult } from '../idempotent-request.runner';
import { USER_CANCELLATION_REASONS } from '../payment-intent.model';
import { noSuchPaymentIntent } from '../payment-intent.errors';
import { PaymentIntentStore } from '../payment-intent.store';
import { cancelIntent } from '../payment-intent.transitions';

/**
 * `POST /v1/payment_intents/:id/cancel`, optional `cancellation_reason` (`duplicate` |
 * `fraudulent` | `requested_by_customer` | `abandoned`). Voids an authorization: `canceled`,
 * `canceled_at` set, `amount_capturable` 0. 404 `resource_missing` for an unknown id; 400
 * `payment_intent_unexpected_state` from `succeeded` or `canceled` (see `cancelIntent`).
 */
@Injectable()
export class CancelPaymentIntentUseCase {
  constructor(
    private readonly store: PaymentIntentStore,
    private readonly runner: IdempotentRequestRunner,
  ) {}

  execute(id: string, form: FormReader, idempotencyKey: string | undefined): Promise<IdempotentResult> {
    const reason = form.oneOf('cancellation_reason', USER_CANCELLATION_REASONS) ?? null;
    form.done();
    return this.runner.run({ key: idempotencyKey, endpoint: `POST /v1/payment_intents/${id}/cancel`, params: form.params }, () => {
      const entry = this.store.find(id);
      if (entry === undefined) throw noSuchPaymentIntent(id);
      const canceled = cancelIntent(entry.intent, reason, Date.now());
      return { response: { status: 200, body: this.store.update(id, () => ({ intent: canceled })) } };
    });
  }
}
