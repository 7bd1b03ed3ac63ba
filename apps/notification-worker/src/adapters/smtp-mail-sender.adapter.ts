import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { WorkerConfig } from '@app/config';
import type { MailSender, OutgoingMail } from '../mail-sender.port';
import { WORKER_CONFIG } from '@app/saga';

/** Sends through SMTP_URL with a pooled nodemailer transport. */
@Injectable()
export class SmtpMailSender implements MailSender, OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {
    this.transport = createTransport({ url: config.mail.smtpUrl, pool: true, maxConnections: 4, connectionTimeout: 5_000, socketTimeout: 10_000 } as Parameters<typeof createTransport>[0]);
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.config.mail.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: mail.messageId,
      headers: { ...mail.headers },
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
