/**
 * RELEASE_STOCK, naive: if this order's reserve step succeeded (it priced the order: only a
 * successful reserve records `payment.amount`), gives each item's quantity back from `reserved`
 * to `available` by read-modify-write.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { SAGA_STEP } from '@app/contracts';
import { MONGO_DB } from '@app/dal';
import type { StepContext, StepHandler } from '@app/saga';
import { stockCollection } from './naive-stock';

@Injectable()
export class NaiveReleaseStockHandler implements StepHandler {
  readonly step = SAGA_STEP.RELEASE_STOCK;

  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  async execute({ order }: StepContext): Promise<void> {
    if (order.payment.amount === undefined) return;
    const stock = stockCollection(this.db);
    for (const { sku, quantity } of order.items) {
      const item = await stock.findOne({ _id: sku });
      if (item === null) continue;
      await stock.updateOne({ _id: sku }, { $set: { available: item.available + quantity, reserved: item.reserved - quantity, updatedAt: new Date() } });
    }
  }
}
