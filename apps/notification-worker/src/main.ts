import 'reflect-metadata';
import { loadWorkerConfig } from '@app/config';
import { QUEUE } from '@app/contracts';
import { SagaWorkerModule, runWorker } from '@app/saga';
import { SmtpMailSender } from './adapters/smtp-mail-sender.adapter';
import { MAIL_SENDER } from './mail-sender.port';
import { NotifyCustomer } from './notify-customer/notify-customer.service';
import { SendCancellationHandler } from './notify-customer/send-cancellation.handler';
import { SendConfirmationHandler } from './notify-customer/send-confirmation.handler';

/** Notification worker: SEND_CONFIRMATION and SEND_CANCELLATION through the mail port. */
void runWorker('notification-worker', () => {
  const config = loadWorkerConfig();
  const module = SagaWorkerModule.forQueue({
    queue: QUEUE.NOTIFICATION,
    config,
    handlers: [SendConfirmationHandler, SendCancellationHandler],
    providers: [NotifyCustomer, { provide: MAIL_SENDER, useClass: SmtpMailSender }],
  });
  return { module, logLevel: config.logLevel };
});
