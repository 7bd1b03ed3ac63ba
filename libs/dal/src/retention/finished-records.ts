/**
 * The data lifecycle's one write: when orders end COMPLETED or CANCELLED, every record that
 * belongs to them gets its `expiresAt`, and TTL indexes (`expireAfterSeconds: 0`, see
 * index-definitions.ts) remove each record once that moment has passed.
 *
 * Contract: `expiresAt` is set only here and only for orders that have just ended COMPLETED or
 * CANCELLED (the order itself in its terminal transition, its reservation ledger records and
 * tombstones and its outbox records right after, in one `updateMany` per collection for the
 * whole batch of transitions). An order in flight or FAILED (waiting for an operator, who may
 * retry it) has no `expiresAt`, and neither have its records, so nothing of it is ever removed.
 * All periods start at the same moment, and the ledger's is never shorter than the order's
 * (config validation), so a tombstone always outlives its order.
 */
import type { Db } from 'mongodb';
import { retentionMs, type RetentionConfig } from '@app/config';
import { ORDER_STATUS, type OrderStatus } from '@app/contracts';
import { COLLECTION } from '../collections';

/** The terminal statuses whose data expires; FAILED waits for an operator and is kept. */
export function expiresWhenEnded(status: OrderStatus): boolean {
  return status === ORDER_STATUS.COMPLETED || status === ORDER_STATUS.CANCELLED;
}

export class FinishedRecords {
  constructor(
    private readonly db: Db,
    private readonly retention: RetentionConfig,
  ) {}

  /** When an order that ended at `endedAt` is removed. */
  orderExpiresAt(endedAt: Date): Date {
    return new Date(endedAt.getTime() + retentionMs(this.retention.orderDays));
  }

  /** Stamps the ledger and outbox records of orders that ended at `endedAt` (two commands for the whole batch). */
  async stamp(orderIds: readonly string[], endedAt: Date): Promise<void> {
    if (orderIds.length === 0) return;
    const filter = { orderId: { $in: [...orderIds] } };
    await Promise.all([
      this.db.collection(COLLECTION.RESERVATIONS).updateMany(filter, { $set: { expiresAt: new Date(endedAt.getTime() + retentionMs(this.retention.reservationDays)) } }),
      this.db.collection(COLLECTION.NOTIFICATIONS).updateMany(filter, { $set: { expiresAt: new Date(endedAt.getTime() + retentionMs(this.retention.notificationDays)) } }),
    ]);
  }
}
