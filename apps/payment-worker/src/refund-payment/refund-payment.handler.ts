/**
 * REFUND_PAYMENT (compensation of CHARGE_PAYMENT): refunds every successful charge of the order,
 * each with Idempotency-Key `refund-<chargeId>`. It asks the provider rather than trusting the
 * order document, so a charge whose answer was lost (timeout) is refunded too; with no charge it
 * does nothing.
 */
import { Inject, Injectable } from '@nestjs/common';
import { PAYMENT_STATUS, SAGA_STEP } from '@app/contracts';
import type { StepContext, StepHandler, StepResult } from '@app/saga';
import { PAYMENT_PROVIDER, type PaymentProvider } from '../payment-provider.port';

@Injectable()
export class RefundPaymentHandler implements StepHandler {
  readonly step = SAGA_STEP.REFUND_PAYMENT;

  constructor(@Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider) {}

  async execute({ order }: StepContext): Promise<StepResult> {
    const { refundedCharges } = await this.provider.refundOrder(order._id);
    if (refundedCharges.length === 0) return {};
    return { fields: { 'payment.status': PAYMENT_STATUS.REFUNDED, 'payment.chargeId': refundedCharges[0] } };
  }
}
