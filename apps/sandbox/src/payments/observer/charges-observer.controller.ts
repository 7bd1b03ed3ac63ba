import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiKeyGuard } from '../../common/api-key.guard';
import { optionalQueryString } from '../../common/optional-query-string';
import { PaymentIntentStore } from '../payment-intent.store';
import { observeCharge, type ObservedCharge } from './observed-charge';

/**
 * `GET /v1/charges?orderId=` (API key; sandbox only, not Stripe's charges API): the observer
 * ledger, one entry per authorization attempt whose `metadata.order_id` is `orderId` (every
 * entry without it), in creation order. Keeps answering while payment faults are on.
 */
@Controller('v1/charges')
@UseGuards(ApiKeyGuard)
export class ChargesObserverController {
  constructor(private readonly store: PaymentIntentStore) {}

  @Get()
  list(@Query('orderId') orderId: unknown): { data: ObservedCharge[] } {
    const wanted = optionalQueryString(orderId, 'orderId');
    const entries = this.store.all().map(observeCharge);
    return { data: wanted === undefined ? entries : entries.filter((entry) => entry.orderId === wanted) };
  }
}
