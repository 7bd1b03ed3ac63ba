/**
 * What the notification worker needs to send mail. The SMTP adapter
 * (`adapters/smtp-mail-sender.adapter.ts`, nodemailer) talks to the sandbox in dev and to any
 * SMTP relay in production (set SMTP_URL, e.g. smtps://user:pass@smtp.example.com:465).
 */
export const MAIL_SENDER = Symbol('MAIL_SENDER');

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Stable per order and type, so a resend after a crash is recognised as the same message. */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
}
