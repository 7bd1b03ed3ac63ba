import { Module } from '@nestjs/common';
import { ApiKeyGuard } from '../common/api-key.guard';
import { ResponseDelayer } from '../common/response-delayer.service';
import { FaultsModule } from '../faults/faults.module';
import { CancelPaymentIntentUseCase } from './cancel-payment-intent/cancel-payment-intent.use-case';
import { CapturePaymentIntentUseCase } from './capture-payment-intent/capture-payment-intent.use-case';
import { CreatePaymentIntentUseCase } from './create-payment-intent/create-payment-intent.use-case';
import { CreateRefundUseCase } from './create-refund/create-refund.use-case';
import { ExpirePaymentIntentUseCase } from './expire-payment-intent/expire-payment-intent.use-case';
import { PaymentIntentControlsController } from './expire-payment-intent/payment-intent-controls.controller';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentRequestRunner } from './idempotent-request.runner';
import { ChargesObserverController } from './observer/charges-observer.controller';
import { PaymentIntentStore } from './payment-intent.store';
import { PaymentIntentsController } from './payment-intents.controller';
import { RefundsController } from './refunds.controller';
import { RetrievePaymentIntentUseCase } from './retrieve-payment-intent/retrieve-payment-intent.use-case';
import { SearchPaymentIntentsUseCase } from './search-payment-intents/search-payment-intents.use-case';

/**
 * The payment provider: the subset of Stripe's API the product uses (`/v1/payment_intents*`,
 * `/v1/refunds`), the observer ledger (`GET /v1/charges`) and the expiry control
 * (`/sandbox/payment_intents/:id/expire`). Needs `SANDBOX_CONFIG`.
 */
@Module({
  imports: [FaultsModule],
  controllers: [PaymentIntentsController, RefundsController, ChargesObserverController, PaymentIntentControlsController],
  providers: [
    ApiKeyGuard,
    PaymentIntentStore,
    IdempotencyStore,
    IdempotentRequestRunner,
    ResponseDelayer,
    CreatePaymentIntentUseCase,
    CapturePaymentIntentUseCase,
    CancelPaymentIntentUseCase,
    RetrievePaymentIntentUseCase,
    SearchPaymentIntentsUseCase,
    CreateRefundUseCase,
    ExpirePaymentIntentUseCase,
  ],
})
export class PaymentsModule {}
