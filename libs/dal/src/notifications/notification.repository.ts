/**
 * The notification outbox: one document per order and message type (`_id` =
 * `<orderId>:<type>`). A sender claims it with a lease (so two workers never send at once),
 * sends, then marks it SENT; once SENT, every later claim answers ALREADY_SENT.
 * If a sender dies after sending and before marking, the lease expires and the message is
 * sent again with the same Message-ID, which mail systems de-duplicate.
 *
 * Claims and marks of concurrent jobs in a process are batched (see Coalescer): one unordered
 * bulk each, where a claim that collided on `_id` (E11000) is answered by re-reading its record.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { DUPLICATE_KEY, bulkOutcome } from '../bulk-outcome';
import { Coalescer } from '@app/batching';
import { DatabaseClock } from '../clock/database-clock';

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
  /** Set when its order ends COMPLETED or CANCELLED (NOTIFICATION_RETENTION_DAYS); removed after it. */
  readonly expiresAt?: Date;
}

export type ClaimNotificationResult = 'CLAIMED' | 'ALREADY_SENT' | 'BUSY';

interface ClaimRequest {
  readonly orderId: string;
  readonly type: string;
  readonly owner: string;
  readonly leaseMs: number;
  readonly now: Date;
}

interface MarkRequest {
  readonly id: string;
  readonly owner: string;
  readonly messageId: string;
  readonly now: Date;
}

@Injectable()
export class NotificationRepository {
  private readonly notifications: Collection<NotificationRecord>;
  private readonly claims = new Coalescer<ClaimRequest, ClaimNotificationResult>((requests) => this.claimMany(requests));
  private readonly marks = new Coalescer<MarkRequest, void>((requests) => this.markMany(requests));

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly clock: DatabaseClock,
  ) {
    this.notifications = db.collection<NotificationRecord>(COLLECTION.NOTIFICATIONS);
  }

  claim(orderId: string, type: string, owner: string, leaseMs: number, now = this.clock.now()): Promise<ClaimNotificationResult> {
    return this.claims.submit({ orderId, type, owner, leaseMs, now });
  }

  markSent(orderId: string, type: string, owner: string, messageId: string, now = this.clock.now()): Promise<void> {
    return this.marks.submit({ id: `${orderId}:${type}`, owner, messageId, now });
  }

  /** Ends `owner`'s lease on a message it could not send, so that the next claim (the job's retry) gets it at once. */
  async giveUp(orderId: string, type: string, owner: string): Promise<void> {
    await this.notifications.updateOne({ _id: `${orderId}:${type}`, owner, state: 'SENDING' }, { $set: { leaseUntil: new Date(0) } });
  }

  private async claimMany(requests: readonly ClaimRequest[]): Promise<ClaimNotificationResult[]> {
    const operations: AnyBulkWriteOperation<NotificationRecord>[] = requests.map(({ orderId, type, owner, leaseMs, now }) => ({
      updateOne: {
        filter: { _id: `${orderId}:${type}`, state: 'SENDING', $or: [{ leaseUntil: { $lte: now } }, { owner }] },
        update: { $set: { owner, leaseUntil: new Date(now.getTime() + leaseMs) }, $setOnInsert: { orderId, type }, $inc: { attempts: 1 } },
        upsert: true,
      },
    }));
    const outcome = await bulkOutcome(this.notifications, operations);
    const collided = requests.filter((_, index) => outcome.errors.has(index)).map((request) => `${request.orderId}:${request.type}`);
    for (const error of outcome.errors.values()) if (error.code !== DUPLICATE_KEY) throw new Error(`notification claim failed: ${error.message}`);
    const states = new Map<string, string>();
    if (collided.length > 0) {
      for (const record of await this.notifications.find({ _id: { $in: collided } }, { projection: { state: 1 } }).toArray()) states.set(record._id, record.state);
    }
    return requests.map((request, index) => {
      if (!outcome.errors.has(index)) return 'CLAIMED';
      return states.get(`${request.orderId}:${request.type}`) === 'SENT' ? 'ALREADY_SENT' : 'BUSY';
    });
  }

  private async markMany(requests: readonly MarkRequest[]): Promise<void[]> {
    const outcome = await bulkOutcome(
      this.notifications,
      requests.map(({ id, owner, messageId, now }) => ({ updateOne: { filter: { _id: id, owner }, update: { $set: { state: 'SENT' as const, messageId, sentAt: now } } } })),
    );
    const failed = [...outcome.errors.values()][0];
    if (failed !== undefined) throw new Error(`marking notifications sent failed: ${failed.message}`);
    return requests.map(() => undefined);
  }

  findByOrder(orderId: string): Promise<NotificationRecord[]> {
    return this.notifications.find({ orderId }).toArray();
  }
}
