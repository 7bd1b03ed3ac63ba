import { Injectable } from '@nestjs/common';
import { SAGA_STEP } from '@app/contracts';
import type { StepContext, StepHandler } from '@app/saga';
import { NotifyCustomer } from './notify-customer.service';
import { NOTIFICATION_TYPE } from './notification-templates';

/** SEND_CONFIRMATION: the last forward step; exactly one confirmation per completed order. */
@Injectable()
export class SendConfirmationHandler implements StepHandler {
  readonly step = SAGA_STEP.SEND_CONFIRMATION;

  constructor(private readonly notify: NotifyCustomer) {}

  execute({ order }: StepContext): Promise<void> {
    return this.notify.send(order, NOTIFICATION_TYPE.CONFIRMATION);
  }
}
