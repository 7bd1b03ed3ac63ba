/**
 * COMMIT_STOCK, the pivot. First claims the order (refused when a cancel was requested — then
 * the saga compensates instead), then the next stock pass marks each reservation COMMITTED in the
 * ledger and turns its hold into `sold`. Re-running it changes nothing more.
 */
import { Injectable } from '@nestjs/common';
import { SAGA_STEP } from '@app/contracts';
import { OrderRepository } from '@app/dal';
import { CancelRequestedError } from '@app/domain';
import type { StepContext, StepHandler } from '@app/saga';
import { StockPasses } from '../stock-pass/stock-pass.service';
import { amountOrThrow } from '../stock-pass/stock-answer';

@Injectable()
export class CommitStockHandler implements StepHandler {
  readonly step = SAGA_STEP.COMMIT_STOCK;

  constructor(
    private readonly orders: OrderRepository,
    private readonly passes: StockPasses,
  ) {}

  async execute({ order }: StepContext): Promise<void> {
    if (!(await this.orders.claimPivot(order._id, order.saga.version))) {
      throw new CancelRequestedError(`order ${order._id} was cancelled before its stock was committed`);
    }
    amountOrThrow(await this.passes.submit({ kind: 'COMMIT', orderId: order._id, items: order.items }));
  }
}
