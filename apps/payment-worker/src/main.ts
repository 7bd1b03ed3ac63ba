import './tracing';
import 'reflect-metadata';
import { loadWorkerConfig } from '@app/config';
import { runWorker } from '@app/saga';
import { paymentWorkerModule } from './payment-worker.module';

void runWorker('payment-worker', () => {
  const config = loadWorkerConfig();
  return { module: paymentWorkerModule(config), config };
});
