/**
 * TTL lock documents, one per SKU (`_id` = SKU, so the unique `_id` index makes acquisition
 * atomic across every worker process). A lock is free when absent or when its `expiresAt` has
 * passed: expiry is decided in the filter, never by the TTL monitor, which only cleans up.
 * Acquire = upsert whose filter matches only a free or own lock; when the lock is held the
 * upsert's insert collides on `_id` (E11000), which is the normal "busy" answer.
 *
 * `acquireMany` takes the locks of many SKUs in one command (an unordered bulk of upserts): each
 * statement is its own atomic write, and the statements that collided are the busy SKUs.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { DUPLICATE_KEY, bulkOutcome } from '../bulk-outcome';

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

  /** True when `owner` now holds the lock on `sku` until `expiresAt`; false when someone else does. */
  async tryAcquire(sku: string, owner: string, expiresAt: Date, now = new Date()): Promise<boolean> {
    return (await this.acquireMany([sku], owner, expiresAt, now)).has(sku);
  }

  /** Takes every free (or own) lock of `skus` in one command; returns the SKUs now held by `owner`. */
  async acquireMany(skus: readonly string[], owner: string, expiresAt: Date, now = new Date()): Promise<Set<string>> {
    const operations: AnyBulkWriteOperation<InventoryLock>[] = skus.map((sku) => ({
      updateOne: {
        filter: { _id: sku, $or: [{ expiresAt: { $lte: now } }, { owner }] },
        update: { $set: { owner, expiresAt, acquiredAt: now } },
        upsert: true,
      },
    }));
    const outcome = await bulkOutcome(this.locks, operations);
    const held = new Set<string>();
    skus.forEach((sku, index) => {
      const error = outcome.errors.get(index);
      if (error === undefined) held.add(sku);
      else if (error.code !== DUPLICATE_KEY) throw new Error(`acquiring the lock of ${sku} failed: ${error.message}`);
    });
    return held;
  }

  /** Releases the locks of `skus` that `owner` still holds, in one command. */
  async releaseMany(skus: readonly string[], owner: string): Promise<void> {
    if (skus.length === 0) return;
    await this.locks.deleteMany({ _id: { $in: [...skus] }, owner });
  }

  /** The live locks (not expired at `now`), soonest to expire first (index `lock_ttl`); at most `limit`. */
  live(now: Date, limit: number): Promise<InventoryLock[]> {
    return this.locks.find({ expiresAt: { $gt: now } }).sort({ expiresAt: 1 }).limit(limit).toArray();
  }

  /** The live lock of `sku`, if any. */
  liveOf(sku: string, now: Date): Promise<InventoryLock | null> {
    return this.locks.findOne({ _id: sku, expiresAt: { $gt: now } });
  }

  /** Releases the lock only if `owner` still holds it. */
  async release(sku: string, owner: string): Promise<void> {
    await this.releaseMany([sku], owner);
  }
}
