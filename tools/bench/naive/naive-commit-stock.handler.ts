/**
 * COMMIT_STOCK, naive: claims the order like the real pivot (so a cancel still wins or loses the
 * same way), then moves each item's quantity from `reserved` to `sold` by read-modify-write.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { SAGA_STEP } from '@app/contracts';
import { MONGO_DB, OrderRepository } from '@app/dal';
import { CancelRequestedError } from '@app/domain';
import type { StepContext, StepHandler } from '@app/saga';
import { stockCollection } from './naive-stock';

@Injectable()
export class NaiveCommitStockHandler implements StepHandler {
  readonly step = SAGA_STEP.COMMIT_STOCK;

  constructor(
    @Inject(MONGO_DB) private readonly db: Db,
    private readonly orders: OrderRepository,
  ) {}

  async execute({ order }: StepContext): Promise<void> {
    if (!(await this.orders.claimPivot(order._id, order.saga.version))) {
      throw new CancelRequestedError(`order ${order._id} was cancelled before its stock was committed`);
    }
    const stock = stockCollection(this.db);
    for (const { sku, quantity } of order.items) {
      const item = await stock.findOne({ _id: sku });
      if (item === null) throw new Error(`${sku} disappeared from inventory`);
      await stock.updateOne({ _id: sku }, { $set: { reserved: item.reserved - quantity, sold: item.sold + quantity, updatedAt: new Date() } });
    }
  }
}
