/**
 * VOID_PAYMENT (compensation of AUTHORIZE_PAYMENT): cancels every authorization of the order
 * that still holds funds. It asks the provider rather than trusting the order document: it
 * replays the authorization (same key, same parameters), so one whose answer was lost, or that
 * landed after its client gave up, is found and voided too; while that request is still in
 * progress the provider answers 409 and the step waits (the runner's retry window). With no
 * authorization it does nothing. No money moved before the pivot, so none is refunded.
 */
import { Inject, Injectable } from '@nestjs/common';
import { PAYMENT_STATUS, SAGA_STEP } from '@app/contracts';
import type { StepContext, StepHandler, StepResult } from '@app/saga';
import { authorizationRequestOf } from '../authorization-request';
import { PAYMENT_PROVIDER, type PaymentProvider } from '../payment-provider.port';

@Injectable()
export class VoidPaymentHandler implements StepHandler {
  readonly step = SAGA_STEP.VOID_PAYMENT;

  constructor(@Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider) {}

  async execute({ order }: StepContext): Promise<StepResult> {
    // Never priced (reserve failed before pricing): nothing was ever asked of the provider.
    if (order.payment.amount === undefined) return {};
    const { voided } = await this.provider.voidOrder(authorizationRequestOf(order));
    if (voided.length === 0 && order.payment.status !== PAYMENT_STATUS.AUTHORIZED) return {};
    return { fields: { 'payment.status': PAYMENT_STATUS.VOIDED } };
  }
}
