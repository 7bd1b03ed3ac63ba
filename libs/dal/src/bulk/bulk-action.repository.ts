/**
 * Bulk operator actions and their per-order results. A bulk action is done in batches by
 * whichever API instance holds its lease (`leaseUntil`, renewed per batch); after each batch its
 * position (`cursor` for a filter, `offset` for a list of ids) and counts are saved, so an
 * instance that dies mid-way leaves it to another one (index `state_lease`), which goes on from
 * the saved position. A result is keyed `<bulkId>:<orderId>`: an order is done once per action.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { isDuplicateKeyError } from '../mongo-errors';
import type { OrderFilter, OrderPosition } from '../orders/order.repository';

export type BulkActionKind = 'retry' | 'cancel';
export type BulkState = 'RUNNING' | 'DONE';

export interface BulkAction {
  readonly _id: string;
  readonly action: BulkActionKind;
  readonly reason: string;
  readonly operator: string;
  readonly ids?: readonly string[];
  readonly filter?: OrderFilter;
  /** Filter mode: orders created up to this moment (later ones are not included). */
  readonly upTo: Date;
  readonly state: BulkState;
  readonly cursor: OrderPosition | null;
  readonly offset: number;
  /** Orders to do (for a filter: counted when the action started). */
  readonly total: number;
  readonly applied: number;
  readonly skipped: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly finishedAt?: Date;
  readonly leaseUntil: Date;
  readonly owner: string;
}

export interface BulkResult {
  readonly _id: string;
  readonly bulkId: string;
  readonly orderId: string;
  /** APPLIED, or SKIPPED with the code that refused it (e.g. ORDER_NOT_RETRYABLE). */
  readonly outcome: 'APPLIED' | 'SKIPPED';
  readonly code?: string;
  readonly message?: string;
  readonly at: Date;
}

@Injectable()
export class BulkActionRepository {
  private readonly actions: Collection<BulkAction>;
  private readonly results: Collection<BulkResult>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.actions = db.collection<BulkAction>(COLLECTION.BULK_ACTIONS);
    this.results = db.collection<BulkResult>(COLLECTION.BULK_RESULTS);
  }

  async create(action: BulkAction): Promise<void> {
    await this.actions.insertOne(action);
  }

  find(bulkId: string): Promise<BulkAction | null> {
    return this.actions.findOne({ _id: bulkId });
  }

  /** Takes (or renews) the lease of a running action; null when another owner holds it or it is done. */
  claim(bulkId: string, owner: string, now: Date, leaseMs: number): Promise<BulkAction | null> {
    return this.actions.findOneAndUpdate(
      { _id: bulkId, state: 'RUNNING', $or: [{ owner }, { leaseUntil: { $lt: now } }] },
      { $set: { owner, leaseUntil: new Date(now.getTime() + leaseMs) } },
      { returnDocument: 'after' },
    );
  }

  /** Running actions whose lease ran out (index `state_lease`). */
  async abandoned(now: Date, limit: number): Promise<string[]> {
    const found = await this.actions.find({ state: 'RUNNING', leaseUntil: { $lt: now } }, { projection: { _id: 1 } }).limit(limit).toArray();
    return found.map((action) => action._id);
  }

  /** Saves a batch's progress, only while `owner` holds the action. */
  async advance(bulkId: string, owner: string, progress: { cursor: OrderPosition | null; offset: number; applied: number; skipped: number; done: boolean }, now: Date): Promise<boolean> {
    const result = await this.actions.updateOne(
      { _id: bulkId, owner, state: 'RUNNING' },
      {
        $set: { cursor: progress.cursor, offset: progress.offset, updatedAt: now, ...(progress.done ? { state: 'DONE' as const, finishedAt: now } : {}) },
        $inc: { applied: progress.applied, skipped: progress.skipped },
      },
    );
    return result.matchedCount === 1;
  }

  /** Records one order's result; false when that order already has one (done before a crash). */
  async recordResult(result: Omit<BulkResult, '_id'>): Promise<boolean> {
    try {
      await this.results.insertOne({ _id: `${result.bulkId}:${result.orderId}`, ...result });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Which of these orders already have a result in this action (`_id` lookups). */
  async done(bulkId: string, orderIds: readonly string[]): Promise<Set<string>> {
    const found = await this.results.find({ _id: { $in: orderIds.map((id) => `${bulkId}:${id}`) } }, { projection: { orderId: 1 } }).toArray();
    return new Set(found.map((result) => result.orderId));
  }

  resultsOf(bulkId: string, limit: number): Promise<BulkResult[]> {
    return this.results.find({ bulkId }).sort({ at: 1 }).limit(limit).toArray();
  }
}
