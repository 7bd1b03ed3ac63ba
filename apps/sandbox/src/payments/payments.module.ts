import { Module } from '@nestjs/common';
import { ResponseDelayer } from '../common/response-delayer.service';
import { ApiKeyGuard } from './api-key.guard';
import { ChargeLedger } from './charge-ledger.service';
import { ChargesController } from './charges.controller';
import { CreateChargeUseCase } from './create-charge/create-charge.use-case';
import { CreateRefundUseCase } from './create-refund/create-refund.use-case';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentRequestRunner } from './idempotent-request.runner';
import { RefundsController } from './refunds.controller';

/** The Stripe-like payment provider: `/v1/charges`, `/v1/refunds`. Needs `SANDBOX_CONFIG`. */
@Module({
  controllers: [ChargesController, RefundsController],
  providers: [
    ApiKeyGuard,
    ChargeLedger,
    IdempotencyStore,
    IdempotentRequestRunner,
    ResponseDelayer,
    CreateChargeUseCase,
    CreateRefundUseCase,
  ],
})
export class PaymentsModule {}
