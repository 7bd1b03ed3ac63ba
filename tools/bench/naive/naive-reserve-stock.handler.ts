/**
 * RESERVE_STOCK the way it is often first written: read each item's stock, check it in the
 * process, write the new numbers back. No lock, no guard in the update's filter, so two workers
 * that read the same `available` both succeed and one decrement is lost — the oversell the
 * product's guarded `$inc` under item locks prevents. Otherwise it behaves like the real handler:
 * unknown or short items reject the order, and the amount is recorded for the payment step.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { ORDER_REASON, SAGA_STEP } from '@app/contracts';
import { MONGO_DB } from '@app/dal';
import { StepRejectedError } from '@app/domain';
import type { StepContext, StepHandler, StepResult } from '@app/saga';
import { stockCollection, type NaiveStock } from './naive-stock';

@Injectable()
export class NaiveReserveStockHandler implements StepHandler {
  readonly step = SAGA_STEP.RESERVE_STOCK;

  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  async execute({ order }: StepContext): Promise<StepResult> {
    const stock = stockCollection(this.db);
    const found: { item: NaiveStock; quantity: number }[] = [];
    for (const { sku, quantity } of order.items) {
      const item = await stock.findOne({ _id: sku });
      if (item === null) throw new StepRejectedError(ORDER_REASON.UNKNOWN_SKU, `${sku}: unknown SKU`);
      if (item.available < quantity) throw new StepRejectedError(ORDER_REASON.OUT_OF_STOCK, `${sku}: fewer than ${quantity} available`);
      found.push({ item, quantity });
    }
    let amount = 0;
    for (const { item, quantity } of found) {
      await stock.updateOne({ _id: item._id }, { $set: { available: item.available - quantity, reserved: item.reserved + quantity, updatedAt: new Date() } });
      amount += item.unitPrice * quantity;
    }
    return { fields: { 'payment.amount': amount } };
  }
}
