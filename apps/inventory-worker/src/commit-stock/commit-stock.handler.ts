/**
 * COMMIT_STOCK, the pivot. First claims the order (refused when a cancel was requested — then
 * the saga compensates instead), then, under the items' locks, marks each reservation COMMITTED
 * in the ledger and turns its hold into `sold`. Re-running it changes nothing more.
 */
import { Injectable } from '@nestjs/common';
import { SAGA_STEP } from '@app/contracts';
import { InventoryRepository, OrderRepository, ReservationRepository } from '@app/dal';
import { CancelRequestedError } from '@app/domain';
import type { StepContext, StepHandler } from '@app/saga';
import { ItemLockService } from '../item-locks/item-lock.service';

@Injectable()
export class CommitStockHandler implements StepHandler {
  readonly step = SAGA_STEP.COMMIT_STOCK;

  constructor(
    private readonly orders: OrderRepository,
    private readonly locks: ItemLockService,
    private readonly inventory: InventoryRepository,
    private readonly reservations: ReservationRepository,
  ) {}

  async execute({ order }: StepContext): Promise<void> {
    if (!(await this.orders.claimPivot(order._id, order.saga.version))) {
      throw new CancelRequestedError(`order ${order._id} was cancelled before its stock was committed`);
    }
    await this.locks.withLocks(
      order.items.map((item) => item.sku),
      async (fences) => {
        for (const item of order.items) {
          if (!(await this.reservations.recordCommitted(order._id, item.sku))) {
            throw new Error(`no held reservation of ${item.sku} to commit`);
          }
          const fence = fences.get(item.sku) ?? null;
          if (fence === null) throw new Error(`${item.sku} disappeared from inventory`);
          if ((await this.inventory.commit(item.sku, order._id, item.quantity, fence)) === 'FENCED') {
            throw new Error(`lost the lock on ${item.sku} (fenced)`);
          }
        }
      },
    );
  }
}
