import type { DynamicModule } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import { QUEUE } from '@app/contracts';
import { SagaWorkerModule } from '@app/saga';
import { SmtpMailSender } from './adapters/smtp-mail-sender.adapter';
import { MAIL_SENDER } from './mail-sender.port';
import { NotifyCustomer } from './notify-customer/notify-customer.service';
import { SendCancellationHandler } from './notify-customer/send-cancellation.handler';
import { SendConfirmationHandler } from './notify-customer/send-confirmation.handler';

/** Notification worker: SEND_CONFIRMATION and SEND_CANCELLATION through the mail port. */
export function notificationWorkerModule(config: WorkerConfig): DynamicModule {
  return SagaWorkerModule.forQueue({
    queue: QUEUE.NOTIFICATION,
    config,
    handlers: [SendConfirmationHandler, SendCancellationHandler],
    providers: [NotifyCustomer, { provide: MAIL_SENDER, useClass: SmtpMailSender }],
  });
}
