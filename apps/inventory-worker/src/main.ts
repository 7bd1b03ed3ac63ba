import 'reflect-metadata';
import { loadWorkerConfig } from '@app/config';
import { QUEUE } from '@app/contracts';
import { SagaWorkerModule, runWorker } from '@app/saga';
import { ItemLockService } from './item-locks/item-lock.service';
import { ReserveStockHandler } from './reserve-stock/reserve-stock.handler';
import { CommitStockHandler } from './commit-stock/commit-stock.handler';
import { ReleaseStockHandler } from './release-stock/release-stock.handler';

/** Inventory worker: RESERVE_STOCK, COMMIT_STOCK and RELEASE_STOCK under per-item TTL locks. */
void runWorker('inventory-worker', () => {
  const config = loadWorkerConfig();
  const module = SagaWorkerModule.forQueue({
    queue: QUEUE.INVENTORY,
    config,
    handlers: [ReserveStockHandler, CommitStockHandler, ReleaseStockHandler],
    providers: [ItemLockService],
  });
  return { module, logLevel: config.logLevel };
});
