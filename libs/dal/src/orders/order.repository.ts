/**
 * Orders with their saga state. Every saga transition is a version-guarded conditional update
 * (`saga.version` in the filter): a stale or duplicate job changes nothing and learns it from a
 * null result. "Stale" (the order exists at another version) and "gone" (no such order) are told
 * apart by `explainMiss`.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db, Filter } from 'mongodb';
import { ORDER_STATUS, type OrderReason, type OrderStatus } from '@app/contracts';
import { SAGA_PHASE, type HistoryEntry, type Order, type SagaState } from '@app/domain';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { isDuplicateKeyError } from '../mongo-errors';

export type InsertOrderResult = { readonly inserted: true } | { readonly inserted: false; readonly existing: Order };
export type CancelResult = 'ACCEPTED' | 'NOT_FOUND' | 'TERMINAL' | 'PAST_PIVOT' | 'ALREADY_COMPENSATING';

export interface OrderListQuery {
  readonly status?: OrderStatus;
  readonly limit: number;
  /** Paging: orders after this one in newest-first order (createdAt, then id). */
  readonly before?: { readonly createdAt: Date; readonly orderId?: string };
}

@Injectable()
export class OrderRepository {
  private readonly orders: Collection<Order>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.orders = db.collection<Order>(COLLECTION.ORDERS);
  }

  /** Inserts a new order; a duplicate `_id` (same Idempotency-Key) returns the stored one. */
  async insert(order: Order): Promise<InsertOrderResult> {
    try {
      await this.orders.insertOne(order);
      return { inserted: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.orders.findOne({ _id: order._id });
      if (existing === null) throw error;
      return { inserted: false, existing };
    }
  }

  findById(orderId: string): Promise<Order | null> {
    return this.orders.findOne({ _id: orderId });
  }

  /**
   * Applies `next` if the saga is still at `expectedVersion`. Returns the updated order, or null
   * when another job got there first (stale) or the order is gone.
   */
  transition(orderId: string, expectedVersion: number, next: SagaState, entry: HistoryEntry, fields: Record<string, unknown> = {}, now = new Date()): Promise<Order | null> {
    const set: Record<string, unknown> = { ...fields, saga: next, updatedAt: now, dispatchedAt: now };
    if (next.phase === SAGA_PHASE.DONE) set['completedAt'] = now;
    return this.orders.findOneAndUpdate(
      { _id: orderId, 'saga.version': expectedVersion },
      { $set: set, $push: { history: entry } },
      { returnDocument: 'after' },
    );
  }

  /** Records a retried attempt in the history without moving the saga. */
  async appendHistory(orderId: string, expectedVersion: number, entry: HistoryEntry): Promise<boolean> {
    const result = await this.orders.updateOne({ _id: orderId, 'saga.version': expectedVersion }, { $push: { history: entry }, $set: { updatedAt: entry.at } });
    return result.matchedCount === 1;
  }

  /** Tells "stale" (exists at another version) from "gone". */
  async explainMiss(orderId: string): Promise<'STALE' | 'GONE'> {
    const exists = await this.orders.countDocuments({ _id: orderId }, { limit: 1 });
    return exists === 1 ? 'STALE' : 'GONE';
  }

  /** A customer's or operator's cancel: only while the saga runs forward and has not passed the pivot. */
  async requestCancel(orderId: string, reason: OrderReason, now = new Date()): Promise<CancelResult> {
    const updated = await this.orders.findOneAndUpdate(
      { _id: orderId, 'saga.phase': SAGA_PHASE.FORWARD, pastPivot: false },
      { $set: { cancelRequested: true, cancelReason: reason, updatedAt: now } },
      { projection: { _id: 1 } },
    );
    if (updated !== null) return 'ACCEPTED';
    const order = await this.orders.findOne({ _id: orderId }, { projection: { saga: 1, pastPivot: 1 } });
    if (order === null) return 'NOT_FOUND';
    if (order.saga.phase === SAGA_PHASE.DONE) return 'TERMINAL';
    if (order.saga.phase === SAGA_PHASE.COMPENSATING) return 'ALREADY_COMPENSATING';
    return 'PAST_PIVOT';
  }

  /**
   * The pivot step claims the order: succeeds only if no cancel was requested, and from then on a
   * cancel is refused. Idempotent for the same version. Returns false when a cancel won.
   */
  async claimPivot(orderId: string, version: number): Promise<boolean> {
    const result = await this.orders.updateOne({ _id: orderId, 'saga.version': version, cancelRequested: false }, { $set: { pastPivot: true } });
    return result.matchedCount === 1;
  }

  /**
   * Claims one non-terminal saga whose step was dispatched before `cutoff` (its job may be lost),
   * stamping it so that no other sweeper claims it too. Returns null when none is left.
   */
  claimStuck(cutoff: Date, now: Date): Promise<Order | null> {
    return this.orders.findOneAndUpdate(
      { 'saga.phase': { $in: [SAGA_PHASE.FORWARD, SAGA_PHASE.COMPENSATING] }, dispatchedAt: { $lt: cutoff } },
      { $set: { dispatchedAt: now } },
      { sort: { dispatchedAt: 1 }, returnDocument: 'after' },
    );
  }

  /** The operator's retry of a FAILED saga, guarded by version like any transition. */
  retry(orderId: string, expectedVersion: number, next: SagaState, entry: HistoryEntry, now = new Date()): Promise<Order | null> {
    return this.orders.findOneAndUpdate(
      { _id: orderId, 'saga.version': expectedVersion, 'saga.status': ORDER_STATUS.FAILED },
      { $set: { saga: next, updatedAt: now, dispatchedAt: now }, $unset: { completedAt: '' }, $push: { history: entry } },
      { returnDocument: 'after' },
    );
  }

  list(query: OrderListQuery): Promise<Order[]> {
    const filter: Filter<Order> = {
      ...(query.status !== undefined ? { 'saga.status': query.status } : {}),
      ...(query.before !== undefined ? afterCursor(query.before.createdAt, query.before.orderId) : {}),
    };
    return this.orders.find(filter).sort({ createdAt: -1, _id: -1 }).limit(query.limit).toArray();
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.orders.aggregate<{ _id: string; count: number }>([{ $group: { _id: '$saga.status', count: { $sum: 1 } } }]).toArray();
    return Object.fromEntries(rows.map((row) => [row._id, row.count]));
  }
}

function afterCursor(createdAt: Date, orderId: string | undefined): Filter<Order> {
  if (orderId === undefined) return { createdAt: { $lt: createdAt } };
  return { $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: orderId } }] };
}
