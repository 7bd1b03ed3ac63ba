import './tracing';
import 'reflect-metadata';
import { loadWorkerConfig } from '@app/config';
import { runWorker } from '@app/saga';
import { notificationWorkerModule } from './notification-worker.module';

void runWorker('notification-worker', () => {
  const config = loadWorkerConfig();
  return { module: notificationWorkerModule(config), config };
});
