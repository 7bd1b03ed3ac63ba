import { Injectable } from '@nestjs/common';
import { newId } from '../common/new-id';
import type { MailFilter, MailMessage } from './mail-message.model';

/**
 * Every message the SMTP face received, in arrival order.
 *
 * Like real mailbox providers, a message whose `Message-ID` was seen before is not stored
 * again: the first copy stays as it was and its `deliveries` count goes up (so tests can prove
 * a message was sent exactly once). Messages without a `Message-ID` are never merged.
 */
export type IncomingMail = Omit<MailMessage, 'id' | 'receivedAt' | 'deliveries'>;

@Injectable()
export class MailboxStore {
  private readonly messages: MailMessage[] = [];
  private readonly indexByMessageId = new Map<string, number>();

  deliver(mail: IncomingMail): MailMessage {
    const dedupeKey = mail.messageId === null ? undefined : normalizeMessageId(mail.messageId);
    const index = dedupeKey === undefined ? undefined : this.indexByMessageId.get(dedupeKey);
    const existing = index === undefined ? undefined : this.messages[index];
    if (index !== undefined && existing !== undefined) {
      const updated: MailMessage = { ...existing, deliveries: existing.deliveries + 1 };
      this.messages[index] = updated;
      return updated;
    }
    const stored: MailMessage = {
      id: newId('msg'),
      messageId: mail.messageId,
      from: mail.from,
      to: [...mail.to],
      subject: mail.subject,
      orderId: mail.orderId,
      type: mail.type,
      receivedAt: new Date().toISOString(),
      text: mail.text,
      deliveries: 1,
    };
    if (dedupeKey !== undefined) this.indexByMessageId.set(dedupeKey, this.messages.length);
    this.messages.push(stored);
    return stored;
  }

  list(filter: MailFilter): MailMessage[] {
    return this.messages.filter(
      (message) =>
        (filter.orderId === undefined || message.orderId === filter.orderId) &&
        (filter.type === undefined || message.type === filter.type),
    );
  }
}

function normalizeMessageId(messageId: string): string | undefined {
  const bare = messageId.trim().replace(/^<|>$/g, '').trim();
  return bare === '' ? undefined : bare;
}
