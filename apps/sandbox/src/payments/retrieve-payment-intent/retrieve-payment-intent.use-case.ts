import { Injectable } from '@nestjs/common';
import type { FormReader } from '../../common/form-reader';
import type { PaymentIntent } from '../payment-intent.model';
import { noSuchPaymentIntent } from '../payment-intent.errors';
import { PaymentIntentStore } from '../payment-intent.store';

/** `GET /v1/payment_intents/:id`: the PaymentIntent (expired first if due) or 404 `resource_missing`. No query parameters. */
@Injectable()
export class RetrievePaymentIntentUseCase {
  constructor(private readonly store: PaymentIntentStore) {}

  execute(id: string, query: FormReader): PaymentIntent {
    query.done();
    const entry = this.store.find(id);
    if (entry === undefined) throw noSuchPaymentIntent(id);
    return entry.intent;
  }
}
