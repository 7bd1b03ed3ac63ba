/**
 * AUTHORIZE_PAYMENT: holds the order's amount on the customer's card (nothing moves until
 * CAPTURE_PAYMENT, after the pivot), with Idempotency-Key `authorize-<orderId>`, the same on
 * every attempt, so retries after a timeout or a crash never hold twice. A decline is a final
 * business failure (PAYMENT_DECLINED), another final refusal too (PAYMENT_REJECTED); an
 * unavailable provider is waited out (the runner's retry window).
 */
import { Inject, Injectable } from '@nestjs/common';
import { ORDER_REASON, PAYMENT_STATUS, SAGA_STEP } from '@app/contracts';
import { StepRejectedError } from '@app/domain';
import type { StepContext, StepHandler, StepResult } from '@app/saga';
import { authorizationRequestOf } from '../authorization-request';
import { PaymentRejectedError } from '../payment-rejected.error';
import { PAYMENT_PROVIDER, type PaymentProvider } from '../payment-provider.port';

@Injectable()
export class AuthorizePaymentHandler implements StepHandler {
  readonly step = SAGA_STEP.AUTHORIZE_PAYMENT;

  constructor(@Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider) {}

  async execute({ order }: StepContext): Promise<StepResult> {
    const result = await this.provider.authorize(authorizationRequestOf(order)).catch((error: unknown) => {
      if (error instanceof PaymentRejectedError) throw new StepRejectedError(ORDER_REASON.PAYMENT_REJECTED, error.message, { cause: error });
      throw error;
    });
    if (result.kind === 'DECLINED') throw new StepRejectedError(ORDER_REASON.PAYMENT_DECLINED, result.message);
    return { fields: { 'payment.status': PAYMENT_STATUS.AUTHORIZED, 'payment.paymentIntentId': result.paymentIntentId } };
  }
}
