/**
 * RELEASE_STOCK (compensation of RESERVE_STOCK). For every item of the order, under the locks:
 * write a RELEASED tombstone in the ledger (even if nothing was reserved, so that a late
 * duplicate reserve cannot hold stock again), then give the hold back to `available` if there
 * is one. A COMMITTED reservation is never released.
 */
import { Injectable } from '@nestjs/common';
import { SAGA_STEP } from '@app/contracts';
import { InventoryRepository, RESERVATION_STATE, ReservationRepository } from '@app/dal';
import type { StepContext, StepHandler } from '@app/saga';
import { ItemLockService } from '../item-locks/item-lock.service';

@Injectable()
export class ReleaseStockHandler implements StepHandler {
  readonly step = SAGA_STEP.RELEASE_STOCK;

  constructor(
    private readonly locks: ItemLockService,
    private readonly inventory: InventoryRepository,
    private readonly reservations: ReservationRepository,
  ) {}

  async execute({ order }: StepContext): Promise<void> {
    await this.locks.withLocks(
      order.items.map((item) => item.sku),
      async (fences) => {
        for (const item of order.items) {
          const state = await this.reservations.recordReleased(order._id, item.sku, item.quantity);
          const fence = fences.get(item.sku) ?? null;
          if (state === RESERVATION_STATE.COMMITTED || fence === null) continue;
          if ((await this.inventory.release(item.sku, order._id, item.quantity, fence)) === 'FENCED') {
            throw new Error(`lost the lock on ${item.sku} (fenced)`);
          }
        }
      },
    );
  }
}
