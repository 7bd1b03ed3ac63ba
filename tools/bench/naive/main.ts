/**
 * The naive inventory worker, for the benchmark's baseline only (never deployed): the product's
 * saga worker with read-modify-write stock handlers instead of the guarded ones. Started by
 * `npm run bench -- --naive` in place of apps/inventory-worker.
 */
import 'reflect-metadata';
import { loadWorkerConfig } from '@app/config';
import { runWorker } from '@app/saga';
import { naiveInventoryModule } from './naive-inventory.module';

void runWorker('naive-inventory-worker', () => {
  const config = loadWorkerConfig();
  return { module: naiveInventoryModule(config), config };
});
