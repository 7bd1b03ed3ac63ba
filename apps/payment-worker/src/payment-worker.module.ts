import type { DynamicModule } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import { QUEUE } from '@app/contracts';
import { SagaWorkerModule } from '@app/saga';
import { HttpPaymentProvider } from './adapters/http-payment-provider.adapter';
import { ChargePaymentHandler } from './charge-payment/charge-payment.handler';
import { RefundPaymentHandler } from './refund-payment/refund-payment.handler';
import { PAYMENT_PROVIDER } from './payment-provider.port';

/** Payment worker: CHARGE_PAYMENT and REFUND_PAYMENT through the payment-provider port. */
export function paymentWorkerModule(config: WorkerConfig): DynamicModule {
  return SagaWorkerModule.forQueue({
    queue: QUEUE.PAYMENT,
    config,
    handlers: [ChargePaymentHandler, RefundPaymentHandler],
    providers: [{ provide: PAYMENT_PROVIDER, useClass: HttpPaymentProvider }],
  });
}
