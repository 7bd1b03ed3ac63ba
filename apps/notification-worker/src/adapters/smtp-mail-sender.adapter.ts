import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { WorkerConfig } from '@app/config';
import type { MailSender, OutgoingMail } from '../mail-sender.port';
import { WORKER_CONFIG } from '@app/saga';

/** host, port, TLS and credentials from an smtp:// or smtps:// URL. */
function smtpUrlOptions(url: string): SMTPPool.Options {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? (secure ? 465 : 25) : Number(parsed.port),
    secure,
    ...(parsed.username !== '' ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } } : {}),
  };
}

/** Sends through SMTP_URL with a pooled nodemailer transport. */
@Injectable()
export class SmtpMailSender implements MailSender, OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {
    const options: SMTPPool.Options = { ...smtpUrlOptions(config.mail.smtpUrl), pool: true, maxConnections: 4, connectionTimeout: 5_000, socketTimeout: 10_000 };
    this.transport = createTransport(options);
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
