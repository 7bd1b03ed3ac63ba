import type { DynamicModule } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import { QUEUE } from '@app/contracts';
import { SagaWorkerModule } from '@app/saga';
import { NaiveCommitStockHandler } from './naive-commit-stock.handler';
import { NaiveReleaseStockHandler } from './naive-release-stock.handler';
import { NaiveReserveStockHandler } from './naive-reserve-stock.handler';

/** Same queue, same saga machinery as the real inventory worker; only the three stock handlers differ. */
export function naiveInventoryModule(config: WorkerConfig): DynamicModule {
  return SagaWorkerModule.forQueue({
    queue: QUEUE.INVENTORY,
    config,
    handlers: [NaiveReserveStockHandler, NaiveCommitStockHandler, NaiveReleaseStockHandler],
  });
}
