import { Injectable } from '@nestjs/common';
import type { PaymentIntent } from '../payment-intent.model';
import { noSuchPaymentIntent } from '../payment-intent.errors';
import { PaymentIntentStore } from '../payment-intent.store';
import { expireAuthorization } from '../payment-intent.transitions';

/**
 * Sandbox control (not Stripe): expires an uncaptured authorization now, as if its 7 days had
 * passed: `requires_capture` -> `canceled` / `automatic`. 404 for an unknown id; 400
 * `payment_intent_unexpected_state` from any other status.
 */
@Injectable()
export class ExpirePaymentIntentUseCase {
  constructor(private readonly store: PaymentIntentStore) {}

  execute(id: string): PaymentIntent {
    const entry = this.store.find(id);
    if (entry === undefined) throw noSuchPaymentIntent(id, 'id');
    const expired = expireAuthorization(entry.intent, Date.now());
    return this.store.update(id, () => ({ intent: expired }));
  }
}
