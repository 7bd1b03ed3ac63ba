/**
 * RESERVE_STOCK: all or nothing over the order's items. Under the items' locks, each item is
 * reserved with a guarded `$inc` (`available >= qty`, no hold of this order yet) and recorded in
 * the reservation ledger. If an item is unknown or short, the items held so far are
 * undone (ledger entry removed first, then the hold), and the step is rejected with that reason.
 * Records the order's amount from the items' unit prices.
 */
import { Injectable } from '@nestjs/common';
import { SAGA_STEP, type OrderReason } from '@app/contracts';
import { InventoryRepository, RESERVATION_STATE, ReservationRepository } from '@app/dal';
import { StepRejectedError, type OrderItem } from '@app/domain';
import type { StepContext, StepHandler, StepResult } from '@app/saga';
import { ItemLockService, type Fences } from '../item-locks/item-lock.service';

@Injectable()
export class ReserveStockHandler implements StepHandler {
  readonly step = SAGA_STEP.RESERVE_STOCK;

  constructor(
    private readonly locks: ItemLockService,
    private readonly inventory: InventoryRepository,
    private readonly reservations: ReservationRepository,
  ) {}

  async execute({ order }: StepContext): Promise<StepResult> {
    const items = [...order.items].sort((a, b) => a.sku.localeCompare(b.sku));
    const amount = await this.locks.withLocks(
      items.map((item) => item.sku),
      (fences) => this.reserveAll(order._id, items, fences),
    );
    return { fields: { 'payment.amount': amount } };
  }

  private async reserveAll(orderId: string, items: readonly OrderItem[], fences: Fences): Promise<number> {
    const reservedNow: OrderItem[] = [];
    let amount = 0;
    for (const item of items) {
      const state = await this.reservations.stateOf(orderId, item.sku);
      if (state === RESERVATION_STATE.RELEASED || state === RESERVATION_STATE.COMMITTED) {
        throw new Error(`reservation of ${item.sku} is already ${state}: the saga has moved on`);
      }
      const fence = fences.get(item.sku) ?? null;
      const result = fence === null ? { kind: 'UNKNOWN_SKU' as const } : await this.inventory.reserve(item.sku, orderId, item.quantity, fence);
      if (result.kind === 'RESERVED' || result.kind === 'ALREADY_HELD') {
        await this.reservations.recordReserved(orderId, item.sku, item.quantity);
        reservedNow.push(item);
        amount += result.unitPrice * item.quantity;
        continue;
      }
      if (result.kind === 'FENCED') throw new Error(`lost the lock on ${item.sku} (fenced)`);
      await this.undo(orderId, reservedNow, fences);
      throw new StepRejectedError(result.kind satisfies OrderReason, `${item.sku}: ${result.kind === 'UNKNOWN_SKU' ? 'unknown SKU' : `fewer than ${item.quantity} available`}`);
    }
    return amount;
  }

  private async undo(orderId: string, items: readonly OrderItem[], fences: Fences): Promise<void> {
    for (const item of items) {
      const fence = fences.get(item.sku);
      if (fence === undefined || fence === null) continue;
      await this.reservations.forget(orderId, item.sku);
      await this.inventory.release(item.sku, orderId, item.quantity, fence);
    }
  }
}
