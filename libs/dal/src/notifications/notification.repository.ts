/**
 * The notification outbox: one document per order and message type (`_id` =
 * `<orderId>:<type>`). A sender claims it with a lease (so two workers never send at once),
 * sends, then marks it SENT; once SENT, every later claim answers ALREADY_SENT.
 * If a sender dies after sending and before marking, the lease expires and the message is
 * sent again with the same Message-ID, which mail systems de-duplicate.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { isDuplicateKeyError } from '../mongo-errors';

export interface NotificationRecord {
  readonly _id: string;
  readonly orderId: string;
  readonly type: string;
  readonly state: 'SENDING' | 'SENT';
  readonly owner: string;
  readonly leaseUntil: Date;
  readonly attempts: number;
  readonly messageId?: string;
  readonly sentAt?: Date;
}

export type ClaimNotificationResult = 'CLAIMED' | 'ALREADY_SENT' | 'BUSY';

@Injectable()
export class NotificationRepository {
  private readonly notifications: Collection<NotificationRecord>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.notifications = db.collection<NotificationRecord>(COLLECTION.NOTIFICATIONS);
  }

  async claim(orderId: string, type: string, owner: string, leaseMs: number, now = new Date()): Promise<ClaimNotificationResult> {
    const id = `${orderId}:${type}`;
    try {
      await this.notifications.updateOne(
        { _id: id, state: 'SENDING', $or: [{ leaseUntil: { $lte: now } }, { owner }] },
        { $set: { owner, leaseUntil: new Date(now.getTime() + leaseMs) }, $setOnInsert: { orderId, type }, $inc: { attempts: 1 } },
        { upsert: true },
      );
      return 'CLAIMED';
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const current = await this.notifications.findOne({ _id: id }, { projection: { state: 1 } });
      return current?.state === 'SENT' ? 'ALREADY_SENT' : 'BUSY';
    }
  }

  async markSent(orderId: string, type: string, owner: string, messageId: string, now = new Date()): Promise<void> {
    await this.notifications.updateOne({ _id: `${orderId}:${type}`, owner }, { $set: { state: 'SENT', messageId, sentAt: now } });
  }

  findByOrder(orderId: string): Promise<NotificationRecord[]> {
    return this.notifications.find({ orderId }).toArray();
  }
}
