/**
 * Who holds one SKU: the orders whose reservations hold its stock (the stock document's `holds`,
 * joined with each order's status by one `$in` find with a projection, at most HOLDS_SHOWN),
 * its item lock while live, and its fence. Three commands, each on `_id`.
 */
import { Injectable } from '@nestjs/common';
import { DatabaseClock, InventoryLockRepository, InventoryRepository, OrderRepository } from '@app/dal';
import { ApiError } from '../../http/api.error';
import { HOLDS_SHOWN, type HoldView, type SkuHoldsView } from './lock-views';

@Injectable()
export class ReadSkuHolds {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly locks: InventoryLockRepository,
    private readonly orders: OrderRepository,
    private readonly clock: DatabaseClock,
  ) {}

  async execute(sku: string): Promise<SkuHoldsView> {
    const now = this.clock.now();
    const [item, lock] = await Promise.all([this.inventory.findBySku(sku), this.locks.liveOf(sku, now)]);
    if (item === null) throw new ApiError('NOT_FOUND', `SKU ${sku} not found`);
    const held = Object.entries(item.holds ?? {});
    const shown = held.slice(0, HOLDS_SHOWN);
    const orders = new Map((await this.orders.statusesOf(shown.map(([orderId]) => orderId))).map((order) => [order._id, order]));
    const holds: HoldView[] = shown.map(([orderId, quantity]) => {
      const order = orders.get(orderId);
      return { orderId, quantity, status: order?.saga.status ?? null, step: order?.saga.step ?? null, createdAt: order?.createdAt ?? null };
    });
    holds.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) || a.orderId.localeCompare(b.orderId));
    return {
      sku,
      holdCount: held.length,
      holds,
      lock: lock === null ? null : { owner: lock.owner, expiresInMs: Math.max(0, lock.expiresAt.getTime() - now.getTime()), acquiredAt: lock.acquiredAt },
      fence: item.fence,
      fenceOwner: item.fenceOwner ?? null,
    };
  }
}
