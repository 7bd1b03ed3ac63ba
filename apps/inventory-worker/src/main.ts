import './tracing';
import 'reflect-metadata';
import { loadWorkerConfig } from '@app/config';
import { runWorker } from '@app/saga';
import { inventoryWorkerModule } from './inventory-worker.module';

void runWorker('inventory-worker', () => {
  const config = loadWorkerConfig();
  return { module: inventoryWorkerModule(config), config };
});
