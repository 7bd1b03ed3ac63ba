import { Injectable } from '@nestjs/common';
import { SAGA_STEP } from '@app/contracts';
import type { StepContext, StepHandler } from '@app/saga';
import { NotifyCustomer } from './notify-customer.service';
import { NOTIFICATION_TYPE } from './notification-templates';

/** SEND_CANCELLATION: the last compensation; exactly one cancellation notice per cancelled order. */
@Injectable()
export class SendCancellationHandler implements StepHandler {
  readonly step = SAGA_STEP.SEND_CANCELLATION;

  constructor(private readonly notify: NotifyCustomer) {}

  execute({ order }: StepContext): Promise<void> {
    return this.notify.send(order, NOTIFICATION_TYPE.CANCELLATION);
  }
}
