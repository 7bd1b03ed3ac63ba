import type { DynamicModule } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import { QUEUE } from '@app/contracts';
import { SagaWorkerModule } from '@app/saga';
import { StockPasses } from './stock-pass/stock-pass.service';
import { ReserveStockHandler } from './reserve-stock/reserve-stock.handler';
import { CommitStockHandler } from './commit-stock/commit-stock.handler';
import { ReleaseStockHandler } from './release-stock/release-stock.handler';

/** Inventory worker: RESERVE_STOCK, COMMIT_STOCK and RELEASE_STOCK in group-committed stock passes under per-item TTL locks. */
export function inventoryWorkerModule(config: WorkerConfig): DynamicModule {
  return SagaWorkerModule.forQueue({
    queue: QUEUE.INVENTORY,
    config,
    handlers: [ReserveStockHandler, CommitStockHandler, ReleaseStockHandler],
    providers: [StockPasses],
  });
}
