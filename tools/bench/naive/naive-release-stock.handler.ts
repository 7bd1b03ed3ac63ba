/**
 * RELEASE_STOCK, naive: if this order's reserve step succeeded (its history says so), gives each
 * item's quantity back from `reserved` to `available` by read-modify-write.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { SAGA_STEP, STEP_OUTCOME } from '@app/contracts';
import { MONGO_DB } from '@app/dal';
import type { StepContext, StepHandler } from '@app/saga';
import { stockCollection } from './naive-stock';

@Injectable()
export class NaiveReleaseStockHandler implements StepHandler {
  readonly step = SAGA_STEP.RELEASE_STOCK;

  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  async execute({ order }: StepContext): Promise<void> {
    const reserved = order.history.some((entry) => entry.step === SAGA_STEP.RESERVE_STOCK && entry.outcome === STEP_OUTCOME.SUCCEEDED);
    if (!reserved) return;
    const stock = stockCollection(this.db);
    for (const { sku, quantity } of order.items) {
      const item = await stock.findOne({ _id: sku });
      if (item === null) continue;
      await stock.updateOne({ _id: sku }, { $set: { available: item.available + quantity, reserved: item.reserved - quantity, updatedAt: new Date() } });
    }
  }
}
