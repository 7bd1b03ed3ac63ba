import { Injectable } from '@nestjs/common';
import { missingParameter, type FormReader } from '../../common/form-reader';
import type { PaymentIntentSearchResult } from '../payment-intent.model';
import { PaymentIntentStore } from '../payment-intent.store';
import { parseMetadataQuery } from './metadata-query';

/**
 * `GET /v1/payment_intents/search?query=metadata['k']:'v'&limit=` (`limit` 1..100, default 10):
 * matching PaymentIntents newest first, as a Stripe `search_result` (`next_page` always null:
 * no paging). Unlike Stripe's search, which lags behind writes (usually under a minute), the
 * sandbox's is immediately consistent.
 */
@Injectable()
export class SearchPaymentIntentsUseCase {
  constructor(private readonly store: PaymentIntentStore) {}

  execute(query: FormReader): PaymentIntentSearchResult {
    const text = query.string('query', { maxLength: 5000, expected: "a search query such as metadata['order_id']:'42'" });
    const limit = query.integer('limit', { min: 1, max: 100 }) ?? 10;
    query.done();
    if (text === undefined) throw missingParameter('query');
    const { key, value } = parseMetadataQuery(text);
    const matches = this.store.withMetadata(key, value).reverse();
    return {
      object: 'search_result',
      data: matches.slice(0, limit).map((entry) => entry.intent),
      has_more: matches.length > limit,
      next_page: null,
      url: '/v1/payment_intents/search',
    };
  }
}
