import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { WorkerConfig } from '@app/config';
import { OUTSIDE_PROVIDER } from '@app/contracts';
import { PROVIDER_ERROR_KIND, ProviderUnavailableError, type ProviderErrorKind } from '@app/domain';
import type { CircuitBreaker } from '@app/resilience';
import { ProviderCircuits, WORKER_CONFIG } from '@app/saga';
import type { MailSender, OutgoingMail } from '../mail-sender.port';
import { getBatchedSocket } from './batched-writes.socket';

/** Connections are one per message in flight; a relay may refuse a client many more. */
const MAX_CONNECTIONS = 64;
const PROVIDER = OUTSIDE_PROVIDER.MAIL;

/**
 * True when the relay may accept the message later: it answered a 4xx reply (RFC 5321 transient:
 * 421 service not available, 450/451/452), or gave no SMTP answer at all (refused or dropped
 * connection, timeout). A 5xx reply is the relay's final word.
 */
export function isTransientMailError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const responseCode = (error as { responseCode?: unknown }).responseCode;
  if (typeof responseCode === 'number') return responseCode >= 400 && responseCode < 500;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET'].includes(code);
}

/** The kind of a transient mail failure (for `saga_provider_errors_total`): a 4xx answer, a timeout, or a connection that failed. */
function mailFailureKind(error: unknown): ProviderErrorKind {
  const code = (error as { code?: unknown }).code;
  if (typeof (error as { responseCode?: unknown }).responseCode === 'number') return PROVIDER_ERROR_KIND.UNAVAILABLE;
  return code === 'ETIMEDOUT' ? PROVIDER_ERROR_KIND.TIMEOUT : PROVIDER_ERROR_KIND.NETWORK;
}

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
 * A transient failure (see `isTransientMailError`) is a `ProviderUnavailableError`, counted by
 * the `mail` circuit breaker: the step waits the outage out instead of using up its attempts.
 */
@Injectable()
export class SmtpMailSender implements MailSender, OnApplicationShutdown {
  private readonly transport: Transporter;
  private readonly circuit: CircuitBreaker;

  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig, circuits: ProviderCircuits) {
    this.circuit = circuits.for(PROVIDER);
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
    await this.circuit.run(() => this.sendNow(mail));
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }

  private async sendNow(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.config.mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        headers: { ...mail.headers },
      });
    } catch (error) {
      if (!isTransientMailError(error)) throw error;
      throw new ProviderUnavailableError(PROVIDER, `SMTP: ${error instanceof Error ? error.message : String(error)}`, { cause: error, kind: mailFailureKind(error) });
    }
  }
}
