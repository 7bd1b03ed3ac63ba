import type { DynamicModule } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import { QUEUE } from '@app/contracts';
import { SagaWorkerModule } from '@app/saga';
import { StripePaymentProvider } from './adapters/stripe-payment-provider.adapter';
import { AuthorizePaymentHandler } from './authorize-payment/authorize-payment.handler';
import { CapturePaymentHandler } from './capture-payment/capture-payment.handler';
import { VoidPaymentHandler } from './void-payment/void-payment.handler';
import { PAYMENT_PROVIDER } from './payment-provider.port';

/** Payment worker: AUTHORIZE_PAYMENT, CAPTURE_PAYMENT and VOID_PAYMENT through the payment-provider port. */
export function paymentWorkerModule(config: WorkerConfig): DynamicModule {
  return SagaWorkerModule.forQueue({
    queue: QUEUE.PAYMENT,
    config,
    handlers: [AuthorizePaymentHandler, CapturePaymentHandler, VoidPaymentHandler],
    providers: [{ provide: PAYMENT_PROVIDER, useClass: StripePaymentProvider }],
  });
}
