/**
 * CAPTURE_PAYMENT (after the pivot): takes the held amount, with Idempotency-Key
 * `capture-<orderId>`, so a retried or duplicate capture never takes it twice; capturing an
 * authorization that was captured already counts as done. An authorization that can no longer
 * be captured (it expired: 7 days at Stripe; or it was voided) ends the order FAILED with
 * CAPTURE_FAILED for an operator; so does a provider outage longer than RETRY_WINDOW_MS.
 */
import { Inject, Injectable } from '@nestjs/common';
import { ORDER_REASON, PAYMENT_STATUS, SAGA_STEP } from '@app/contracts';
import { StepRejectedError } from '@app/domain';
import type { StepContext, StepHandler, StepResult } from '@app/saga';
import { authorizationRequestOf } from '../authorization-request';
import { PaymentRejectedError } from '../payment-rejected.error';
import { PAYMENT_PROVIDER, type PaymentProvider } from '../payment-provider.port';

@Injectable()
export class CapturePaymentHandler implements StepHandler {
  readonly step = SAGA_STEP.CAPTURE_PAYMENT;

  constructor(@Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider) {}

  async execute({ order }: StepContext): Promise<StepResult> {
    const paymentIntentId = order.payment.paymentIntentId ?? (await this.authorizationOf(order));
    const result = await this.provider.capture(paymentIntentId, `capture-${order._id}`).catch((error: unknown) => {
      if (error instanceof PaymentRejectedError) throw new StepRejectedError(ORDER_REASON.CAPTURE_FAILED, error.message, { cause: error });
      throw error;
    });
    if (result.kind === 'NOT_CAPTURABLE') throw new StepRejectedError(ORDER_REASON.CAPTURE_FAILED, result.message);
    return { fields: { 'payment.status': PAYMENT_STATUS.CAPTURED, 'payment.paymentIntentId': paymentIntentId } };
  }

  /** An order without a recorded authorization id (never expected): the replayed authorization answers with it. */
  private async authorizationOf(order: StepContext['order']): Promise<string> {
    const result = await this.provider.authorize(authorizationRequestOf(order));
    if (result.kind === 'DECLINED') throw new StepRejectedError(ORDER_REASON.CAPTURE_FAILED, `no authorization to capture: ${result.message}`);
    return result.paymentIntentId;
  }
}
