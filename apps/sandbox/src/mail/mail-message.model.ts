/** One message as the sandbox mailbox shows it (`GET /mail/messages`). Absent headers are `null`. */
export interface MailMessage {
  readonly id: string;
  /** The `Message-ID` header as sent, e.g. `<order-1.confirmation@shop.test>`. */
  readonly messageId: string | null;
  /** Envelope sender (`MAIL FROM`). */
  readonly from: string;
  /** Envelope recipients (`RCPT TO`), in order. */
  readonly to: readonly string[];
  readonly subject: string | null;
  /** `X-Order-Id` header. */
  readonly orderId: string | null;
  /** `X-Notification-Type` header. */
  readonly type: string | null;
  readonly receivedAt: string;
  /** The body, or its `text/plain` part. */
  readonly text: string;
  /** How many times a message with this `Message-ID` arrived (stored once). */
  readonly deliveries: number;
}

export interface MailFilter {
  readonly orderId?: string;
  readonly type?: string;
}
