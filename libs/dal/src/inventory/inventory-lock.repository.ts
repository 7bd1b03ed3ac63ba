/**
 * TTL lock documents, one per SKU (`_id` = SKU, so the unique `_id` index makes acquisition
 * atomic across every worker process). A lock is free when absent or when its `expiresAt` has
 * passed: expiry is decided in the filter, never by the TTL monitor, which only cleans up.
 * Acquire = upsert whose filter matches only a free or own lock; when the lock is held the
 * upsert's insert collides on `_id` (E11000), which is the normal "busy" answer.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { isDuplicateKeyError } from '../mongo-errors';

export interface InventoryLock {
  readonly _id: string;
  readonly owner: string;
  readonly expiresAt: Date;
  readonly acquiredAt: Date;
}

@Injectable()
export class InventoryLockRepository {
  private readonly locks: Collection<InventoryLock>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.locks = db.collection<InventoryLock>(COLLECTION.INVENTORY_LOCKS);
  }

  /** True when `owner` now holds the lock on `sku` until now + ttlMs; false when someone else does. */
  async tryAcquire(sku: string, owner: string, ttlMs: number, now = new Date()): Promise<boolean> {
    try {
      await this.locks.findOneAndUpdate(
        { _id: sku, $or: [{ expiresAt: { $lte: now } }, { owner }] },
        { $set: { owner, expiresAt: new Date(now.getTime() + ttlMs), acquiredAt: now } },
        { upsert: true },
      );
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Releases the lock only if `owner` still holds it. */
  async release(sku: string, owner: string): Promise<void> {
    await this.locks.deleteOne({ _id: sku, owner });
  }
}
