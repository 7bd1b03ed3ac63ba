/**
 * Stock per SKU, changed only by single-document atomic updates whose filters carry the guards:
 * `available >= qty` (stock never goes negative), the hold of this order absent/present (a second
 * reserve, release or commit of the same order changes nothing), and the lock holder's `fence`.
 * Arithmetic happens in the database (`$inc`), never read-modify-write.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { retryOnDuplicateKey } from '../mongo-errors';
import type { StockItem } from './stock-item';

export type ReserveStockResult =
  | { readonly kind: 'RESERVED' | 'ALREADY_HELD'; readonly unitPrice: number }
  | { readonly kind: 'OUT_OF_STOCK' | 'UNKNOWN_SKU' | 'FENCED' };
export type SettleStockResult = 'APPLIED' | 'NOT_HELD' | 'FENCED';

export const DEFAULT_UNIT_PRICE = 1_000;

@Injectable()
export class InventoryRepository {
  private readonly items: Collection<StockItem>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.items = db.collection<StockItem>(COLLECTION.INVENTORY);
  }

  /** Creates the SKU or sets its available stock (and price) — an operator's action. */
  async setStock(sku: string, available: number, unitPrice: number | undefined, now = new Date()): Promise<StockItem> {
    const set: Record<string, unknown> = { available, updatedAt: now };
    if (unitPrice !== undefined) set['unitPrice'] = unitPrice;
    const onInsert: Record<string, unknown> = { reserved: 0, sold: 0, holds: {}, fence: 0 };
    if (unitPrice === undefined) onInsert['unitPrice'] = DEFAULT_UNIT_PRICE;
    const item = await retryOnDuplicateKey(() => this.items.findOneAndUpdate({ _id: sku }, { $set: set, $setOnInsert: onInsert }, { upsert: true, returnDocument: 'after' }));
    if (item === null) throw new Error(`stock update of ${sku} returned nothing`);
    return item;
  }

  findBySku(sku: string): Promise<StockItem | null> {
    return this.items.findOne({ _id: sku });
  }

  list(limit: number): Promise<StockItem[]> {
    return this.items.find({}, { projection: { holds: 0 } }).sort({ _id: 1 }).limit(limit).toArray();
  }

  /** Takes a new fence for a lock holder; null when the SKU does not exist. */
  async nextFence(sku: string): Promise<number | null> {
    const item = await this.items.findOneAndUpdate({ _id: sku }, { $inc: { fence: 1 } }, { returnDocument: 'after', projection: { fence: 1 } });
    return item === null ? null : item.fence;
  }

  async reserve(sku: string, orderId: string, quantity: number, fence: number, now = new Date()): Promise<ReserveStockResult> {
    const hold = `holds.${orderId}`;
    const updated = await this.items.findOneAndUpdate(
      { _id: sku, fence, available: { $gte: quantity }, [hold]: { $exists: false } },
      { $inc: { available: -quantity, reserved: quantity }, $set: { [hold]: quantity, updatedAt: now } },
      { returnDocument: 'after', projection: { unitPrice: 1 } },
    );
    if (updated !== null) return { kind: 'RESERVED', unitPrice: updated.unitPrice };
    const current = await this.items.findOne({ _id: sku }, { projection: { fence: 1, unitPrice: 1, [hold]: 1 } });
    if (current === null) return { kind: 'UNKNOWN_SKU' };
    if (current.fence !== fence) return { kind: 'FENCED' };
    if (current.holds?.[orderId] !== undefined) return { kind: 'ALREADY_HELD', unitPrice: current.unitPrice };
    return { kind: 'OUT_OF_STOCK' };
  }

  /** Gives a held quantity back to `available`. */
  release(sku: string, orderId: string, quantity: number, fence: number, now = new Date()): Promise<SettleStockResult> {
    return this.settle(sku, orderId, quantity, fence, { available: quantity, reserved: -quantity }, now);
  }

  /** Turns a held quantity into `sold`. */
  commit(sku: string, orderId: string, quantity: number, fence: number, now = new Date()): Promise<SettleStockResult> {
    return this.settle(sku, orderId, quantity, fence, { reserved: -quantity, sold: quantity }, now);
  }

  private async settle(sku: string, orderId: string, quantity: number, fence: number, inc: Record<string, number>, now: Date): Promise<SettleStockResult> {
    const hold = `holds.${orderId}`;
    const result = await this.items.updateOne({ _id: sku, fence, [hold]: quantity }, { $inc: inc, $unset: { [hold]: '' }, $set: { updatedAt: now } });
    if (result.modifiedCount === 1) return 'APPLIED';
    const current = await this.items.findOne({ _id: sku }, { projection: { fence: 1 } });
    if (current !== null && current.fence !== fence) return 'FENCED';
    return 'NOT_HELD';
  }
}
