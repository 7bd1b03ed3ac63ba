import type { AddressInfo } from 'node:net';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { FaultModes } from '../faults/fault-modes.service';
import { MailboxStore } from './mailbox.store';
import { parseMimeMessage } from './mime-message.parser';

/** Largest message accepted (advertised with SIZE; larger ones get 552). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** How long `close()` lets connected SMTP clients finish before dropping them. */
const CLOSE_TIMEOUT_MS = 1_000;

/**
 * The SMTP face: plain SMTP, no TLS, no auth, any sender and recipient, PIPELINING advertised
 * (RFC 2920: replies come in order for a batch of commands). Each message is parsed
 * and handed to the `MailboxStore`. While the mail fault is `unavailable` (`/sandbox/faults`),
 * MAIL FROM gets `451 4.3.0` (a transient refusal: nodemailer reports `responseCode: 451`) and
 * nothing is stored. `listen` resolves with the bound port (ask for 0 to get a
 * free one); the server closes when the Nest module is destroyed.
 */
@Injectable()
export class SmtpListener implements OnModuleDestroy {
  private readonly logger = new Logger('SmtpListener');
  private server: SMTPServer | undefined;

  constructor(
    private readonly mailbox: MailboxStore,
    private readonly faults: FaultModes,
  ) {}

  async listen(host: string, port: number): Promise<number> {
    if (this.server !== undefined) throw new Error('The SMTP server is already listening');
    const server = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: MAX_MESSAGE_BYTES,
      // like a real relay (and smtp-server's default, said here on purpose): clients such as
      // nodemailer then send MAIL FROM, RCPT TO and DATA in one write, two round trips a message
      hidePIPELINING: false,
      logger: false,
      closeTimeout: CLOSE_TIMEOUT_MS,
      onMailFrom: (_address: SMTPServerAddress, _session: SMTPServerSession, callback: (error?: Error | null) => void) => this.acceptSender(callback),
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error: Error) => this.logger.warn(`SMTP connection error: ${error.message}`));
    this.server = server;
    return (server.server.address() as AddressInfo).port;
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private acceptSender(callback: (error?: Error | null) => void): void {
    if (this.faults.current().mail === 'unavailable') callback(smtpError(451, '4.3.0 Mail service temporarily unavailable (sandbox fault), try again later'));
    else callback();
  }

  private receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null, message?: string) => void): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on('error', (error: Error) => callback(error));
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        callback(smtpError(552, `Message exceeds the fixed maximum message size of ${MAX_MESSAGE_BYTES} bytes`));
        return;
      }
      try {
        const mime = parseMimeMessage(Buffer.concat(chunks));
        const mailFrom = session.envelope.mailFrom;
        const stored = this.mailbox.deliver({
          messageId: mime.header('message-id') ?? null,
          from: mailFrom === false ? '' : mailFrom.address,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          subject: mime.header('subject') ?? null,
          orderId: mime.header('x-order-id') ?? null,
          type: mime.header('x-notification-type') ?? null,
          text: mime.text,
        });
        callback(null, `Message queued as ${stored.id}`);
      } catch (error) {
        this.logger.warn(`Could not store a message: ${error instanceof Error ? error.message : String(error)}`);
        callback(smtpError(451, 'Local error while storing the message'));
      }
    });
  }
}

function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}
