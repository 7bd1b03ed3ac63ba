import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { WorkerConfig } from '@app/config';
import type { MailSender, OutgoingMail } from '../mail-sender.port';
import { WORKER_CONFIG } from '@app/saga';
import { getBatchedSocket } from './batched-writes.socket';

/** Connections are one per message in flight; a relay may refuse a client many more. */
const MAX_CONNECTIONS = 64;

/** host, port, TLS and credentials from an smtp:// or smtps:// URL. */
function smtpUrlOptions(url: string): SMTPPool.Options {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? (secure ? 465 : 25) : Number(parsed.port),
    secure,
    ...(parsed.username !== '' ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } } : {}),
  };
}

/**
 * Sends through SMTP_URL with a pooled nodemailer transport, set up for many small messages:
 *  - a connection per job that may send at once (WORKER_CONCURRENCY, at most 64), each kept for
 *    good (`maxMessages: Infinity`; nodemailer closes it after 4 idle minutes), so no message
 *    waits for a connection or pays for a new session;
 *  - the envelope is pipelined (RFC 2920) when the server advertises PIPELINING, as the sandbox
 *    and real relays do: nodemailer writes MAIL FROM, RCPT TO and DATA at once, which leaves
 *    two round trips a message (envelope, then content);
 *  - the writes of one turn of the event loop leave in one system call (`batched-writes.socket`),
 *    two writes a message instead of four;
 *  - content can never be read from a file or a URL (our messages are text; no cost either way).
 */
@Injectable()
export class SmtpMailSender implements MailSender, OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {
    const options: SMTPPool.Options = {
      ...smtpUrlOptions(config.mail.smtpUrl),
      pool: true,
      maxConnections: Math.min(config.concurrency, MAX_CONNECTIONS),
      maxMessages: Infinity,
      connectionTimeout: 5_000,
      socketTimeout: 10_000,
      disableFileAccess: true,
      disableUrlAccess: true,
      getSocket: getBatchedSocket,
    };
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
