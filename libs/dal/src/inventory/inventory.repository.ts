/**
 * Stock per SKU, changed only by single-document atomic updates whose filters carry the guards:
 * `available >= qty` (stock never goes negative), the hold of each order absent/present (a second
 * reserve, release or commit of the same order changes nothing), and the lock holder's `fence`.
 * Arithmetic happens in the database (`$inc`), never read-modify-write.
 *
 * The inventory worker works in passes (one lock, one fence and one write per SKU for every
 * order waiting on it): `takeFences` takes and reads the fences of many SKUs in two commands,
 * `applyChanges` writes every SKU's change in one unordered bulk (one statement per SKU).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Db, Filter } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { retryOnDuplicateKey } from '../mongo-errors';
import { bulkOutcome } from '../bulk-outcome';
import type { StockItem } from './stock-item';
import type { FencedStock, StockChange } from './stock-change';
import { fenceTakeStatement, leaseReleaseStatement, stockChangeStatement, LEASE_RELEASED } from './stock-statements';

export const DEFAULT_UNIT_PRICE = 1_000;

/** Per SKU: its fenced state, `null` when the SKU does not exist, `'BUSY'` when another holder's fence lease is live. */
export type FenceResult = ReadonlyMap<string, FencedStock | null | 'BUSY'>;

@Injectable()
export class InventoryRepository {
  private readonly items: Collection<StockItem>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.items = db.collection<StockItem>(COLLECTION.INVENTORY);
  }

  /** Creates the SKU or sets its available stock (and price) — an operator's action. */
  async setStock(sku: string, available: number, unitPrice: number | undefined, now = new Date()): Promise<StockItem> {
    const onInsert: Record<string, unknown> = { reserved: 0, sold: 0, holds: {}, fence: 0, fenceUntil: LEASE_RELEASED };
    if (unitPrice === undefined) onInsert['unitPrice'] = DEFAULT_UNIT_PRICE;
    const item = await retryOnDuplicateKey(() => this.items.findOneAndUpdate({ _id: sku }, { $set: stockSet(available, unitPrice, now), $setOnInsert: onInsert, $inc: { version: 1 } }, { upsert: true, returnDocument: 'after', projection: { holds: 0 } }));
    if (item === null) throw new Error(`stock update of ${sku} returned nothing`);
    return item;
  }

  /**
   * The same set, only on an existing SKU still at `version` (the operator's `If-Match`): null
   * when it is missing or its figures have moved since the operator read them.
   */
  setStockIfVersion(sku: string, version: number, available: number, unitPrice: number | undefined, now = new Date()): Promise<StockItem | null> {
    // An absent version counts as 0 (`$exists: false`, not `null`, which is not a version's type).
    const current: Filter<StockItem> = version === 0 ? { _id: sku, $or: [{ version: 0 }, { version: { $exists: false } }] } : { _id: sku, version };
    return this.items.findOneAndUpdate(current, { $set: stockSet(available, unitPrice, now), $inc: { version: 1 } }, { returnDocument: 'after', projection: { holds: 0 } });
  }

  /**
   * Adds `delta` (negative: removes) to the available stock of an existing SKU — an operator's
   * correction (a delivery, a count), arithmetic in the database. Never below zero: a removal of
   * more than is available changes nothing. Returns the SKU after, or why nothing changed.
   */
  async adjustStock(sku: string, delta: number, now = new Date()): Promise<StockItem | 'NOT_FOUND' | 'WOULD_GO_NEGATIVE'> {
    const filter = delta < 0 ? { _id: sku, available: { $gte: -delta } } : { _id: sku };
    const item = await this.items.findOneAndUpdate(filter, { $inc: { available: delta, version: 1 }, $set: { updatedAt: now } }, { returnDocument: 'after', projection: { holds: 0 } });
    if (item !== null) return item;
    // Nothing matched: tell a missing SKU from too little stock by reading it (never infer).
    return (await this.items.countDocuments({ _id: sku }, { limit: 1 })) === 0 ? 'NOT_FOUND' : 'WOULD_GO_NEGATIVE';
  }

  findBySku(sku: string): Promise<StockItem | null> {
    return this.items.findOne({ _id: sku });
  }

  /** The fences of `skus` (for the console's locks), in one command on `_id`. */
  fencesOf(skus: readonly string[]): Promise<Pick<StockItem, '_id' | 'fence' | 'fenceOwner' | 'fenceUntil'>[]> {
    if (skus.length === 0) return Promise.resolve([]);
    return this.items.find({ _id: { $in: [...skus] } }, { projection: { fence: 1, fenceOwner: 1, fenceUntil: 1 } }).toArray();
  }

  list(limit: number): Promise<StockItem[]> {
    return this.items.find({}, { projection: { holds: 0 } }).sort({ _id: 1 }).limit(limit).toArray();
  }

  /**
   * For a holder of the SKUs' locks: takes the next fence of each SKU under a lease that ends
   * with its locks (`until`), then reads each SKU with the holds of `orderIds`. Two commands.
   */
  async takeFences(skus: readonly string[], owner: string, until: Date, orderIds: readonly string[], now = new Date()): Promise<FenceResult> {
    await bulkOutcome(this.items, skus.map((sku) => fenceTakeStatement(sku, owner, until, now)));
    const projection: Record<string, 1> = { fence: 1, fenceOwner: 1, available: 1, unitPrice: 1 };
    for (const orderId of orderIds) projection[`holds.${orderId}`] = 1;
    const found = await this.items.find({ _id: { $in: [...skus] } }, { projection }).toArray();
    const result = new Map<string, FencedStock | null | 'BUSY'>(skus.map((sku) => [sku, null]));
    for (const item of found) {
      result.set(item._id, item.fenceOwner !== owner ? 'BUSY' : { sku: item._id, fence: item.fence, available: item.available, unitPrice: item.unitPrice, holds: item.holds ?? {} });
    }
    return result;
  }

  /**
   * Writes each SKU's change in one guarded statement that also ends the pass's fence lease, and
   * ends the lease of each `leaseOnly` SKU (fenced by the pass, not changed), all in one command.
   * Returns the SKUs the pass still held when it ended: each changed SKU whose change was applied
   * and each lease-only SKU whose lease was still the pass's own. A SKU missing from the answer
   * was fenced (its lease was taken over, so another holder may have written it since the pass
   * read it) or changed under the pass, and nothing of it was written.
   */
  async applyChanges(changes: readonly StockChange[], leaseOnly: readonly string[], owner: string, now = new Date()): Promise<Set<string>> {
    const operations: AnyBulkWriteOperation<StockItem>[] = [
      ...changes.map((change) => stockChangeStatement(change, owner, now)),
      ...leaseOnly.map((sku) => leaseReleaseStatement(sku, owner)),
    ];
    const skus = [...changes.map((change) => change.sku), ...leaseOnly];
    const outcome = await bulkOutcome(this.items, operations);
    if (outcome.errors.size === 0 && outcome.matchedCount === operations.length) return new Set(skus);
    // Some statement did not match: find out which from the documents themselves (never infer).
    // A statement that matched left the SKU with the pass's own lease ended.
    const current = await this.items.find({ _id: { $in: skus } }, { projection: { fenceOwner: 1, fenceUntil: 1 } }).toArray();
    const held = new Set(current.filter((item) => item.fenceOwner === owner && item.fenceUntil?.getTime() === LEASE_RELEASED.getTime()).map((item) => item._id));
    await this.endLeases(skus.filter((sku) => !held.has(sku)), owner);
    return held;
  }

  /** Ends `owner`'s fence leases on `skus` (a pass that gives up): the next holder may fence at once. */
  async endLeases(skus: readonly string[], owner: string): Promise<void> {
    if (skus.length === 0) return;
    await this.items.updateMany({ _id: { $in: [...skus] }, fenceOwner: owner }, { $set: { fenceUntil: LEASE_RELEASED } });
  }
}


function stockSet(available: number, unitPrice: number | undefined, now: Date): Record<string, unknown> {
  return unitPrice === undefined ? { available, updatedAt: now } : { available, unitPrice, updatedAt: now };
}
