/**
 * CHARGE_PAYMENT: charges the order's amount with Idempotency-Key `charge-<orderId>`, the same
 * on every attempt, so retries after a timeout or a crash never charge twice. A decline is a
 * final business failure (PAYMENT_DECLINED); anything technical is retried.
 */
import { Inject, Injectable } from '@nestjs/common';
import { PAYMENT_STATUS, SAGA_STEP } from '@app/contracts';
import { StepRejectedError } from '@app/domain';
import type { StepContext, StepHandler, StepResult } from '@app/saga';
import { PAYMENT_PROVIDER, type PaymentProvider } from '../payment-provider.port';

@Injectable()
export class ChargePaymentHandler implements StepHandler {
  readonly step = SAGA_STEP.CHARGE_PAYMENT;

  constructor(@Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider) {}

  async execute({ order }: StepContext): Promise<StepResult> {
    const amount = order.payment.amount;
    if (amount === undefined) throw new Error(`order ${order._id} has no amount (stock not priced)`);
    const result = await this.provider.charge({
      orderId: order._id,
      amount,
      currency: order.payment.currency,
      token: order.payment.token,
      idempotencyKey: `charge-${order._id}`,
    });
    if (result.kind === 'DECLINED') throw new StepRejectedError('PAYMENT_DECLINED', result.message);
    return { fields: { 'payment.status': PAYMENT_STATUS.CHARGED, 'payment.chargeId': result.chargeId } };
  }
}
