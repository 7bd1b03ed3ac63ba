/**
 * RELEASE_STOCK (compensation of RESERVE_STOCK), served by the next stock pass: every item gets a
 * RELEASED tombstone in the ledger (even if nothing was reserved, so that a late duplicate
 * reserve cannot hold stock again), then its hold, if any, goes back to `available`. A COMMITTED
 * reservation is never released.
 */
import { Injectable } from '@nestjs/common';
import { SAGA_STEP } from '@app/contracts';
import type { StepContext, StepHandler } from '@app/saga';
import { StockPasses } from '../stock-pass/stock-pass.service';
import { amountOrThrow } from '../stock-pass/stock-answer';

@Injectable()
export class ReleaseStockHandler implements StepHandler {
  readonly step = SAGA_STEP.RELEASE_STOCK;

  constructor(private readonly passes: StockPasses) {}

  async execute({ order }: StepContext): Promise<void> {
    amountOrThrow(await this.passes.submit({ kind: 'RELEASE', orderId: order._id, items: order.items }));
  }
}
