/**
 * The operators' audit trail: who did what, when, to which order, why, and how it ended. Entries
 * are only ever inserted. Reads: an order's entries (index `order_at`), the newest (index `at`).
 */
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';

export interface AuditEntry {
  readonly _id: string;
  readonly at: Date;
  /** The operator's name; `token` for the shared ADMIN_TOKEN. */
  readonly operator: string;
  /** e.g. `order.retry`, `order.cancel`, `bulk.retry`, `stock.set`. */
  readonly action: string;
  readonly orderId?: string;
  /** `stock.set`: the SKU. */
  readonly sku?: string;
  readonly bulkId?: string;
  readonly reason: string;
  /** `APPLIED`, or the error code that refused it. */
  readonly outcome: string;
}

@Injectable()
export class AuditRepository {
  private readonly audit: Collection<AuditEntry>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.audit = db.collection<AuditEntry>(COLLECTION.AUDIT);
  }

  async record(entry: Omit<AuditEntry, '_id'>): Promise<void> {
    await this.audit.insertOne({ _id: randomUUID(), ...entry });
  }

  forOrder(orderId: string, limit = 100): Promise<AuditEntry[]> {
    return this.audit.find({ orderId }).sort({ at: -1 }).limit(limit).toArray();
  }

  newest(limit: number, before?: Date): Promise<AuditEntry[]> {
    return this.audit.find(before !== undefined ? { at: { $lt: before } } : {}).sort({ at: -1 }).limit(limit).toArray();
  }
}
