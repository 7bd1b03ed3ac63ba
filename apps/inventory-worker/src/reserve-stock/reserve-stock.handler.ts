/**
 * RESERVE_STOCK: all or nothing over the order's items, served by the next stock pass (see
 * stock-pass.service.ts): under the items' locks and fences, each item is held with a guarded
 * `$inc` and recorded RESERVED in the ledger, or, if an item is unknown or short, nothing is
 * written and the step is rejected with that reason. Records the order's amount from the items'
 * unit prices.
 */
import { Injectable } from '@nestjs/common';
import { SAGA_STEP } from '@app/contracts';
import type { StepContext, StepHandler, StepResult } from '@app/saga';
import { StockPasses } from '../stock-pass/stock-pass.service';
import { amountOrThrow } from '../stock-pass/stock-answer';

@Injectable()
export class ReserveStockHandler implements StepHandler {
  readonly step = SAGA_STEP.RESERVE_STOCK;

  constructor(private readonly passes: StockPasses) {}

  async execute({ order }: StepContext): Promise<StepResult> {
    const amount = amountOrThrow(await this.passes.submit({ kind: 'RESERVE', orderId: order._id, items: order.items }));
    return { fields: { 'payment.amount': amount } };
  }
}
