import type { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** A worker's Nest context inside the test process (its BullMQ worker runs too). */
export async function startWorkerContext(module: DynamicModule): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(module, { logger: ['error'] });
  await app.init();
  return app;
}
