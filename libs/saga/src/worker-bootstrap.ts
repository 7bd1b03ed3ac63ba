import { type DynamicModule, type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from 'nestjs-pino';
import { InvalidEnvironmentError, LOG_LEVELS, type LogLevel, type WorkerConfig } from '@app/config';

/** Nest log levels at and above `level`. */
export function logLevelsFrom(level: LogLevel): NestLogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/** Shutdown drains jobs and closes connections; if Redis or MongoDB is gone it would wait forever, so stop waiting. */
export function exitAfterGracePeriod(graceMs = 10_000): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), graceMs).unref());
  }
}

/**
 * Boots a worker process: a Nest application whose only HTTP server is the small one on
 * METRICS_PORT (`/metrics`, `/health/live`, `/health/ready`; port 0 = a free one), logging
 * through pino, shutdown hooks so SIGTERM drains the BullMQ worker and closes connections, and
 * one "ready" line scripts wait for, naming the metrics address:
 * `<name> ready (pid <pid>, metrics on http://<host>:<port>/metrics)`.
 */
export async function runWorker(name: string, load: () => { module: DynamicModule; config: WorkerConfig }): Promise<void> {
  try {
    const { module, config } = load();
    const app = await NestFactory.create(module, { bufferLogs: true, logger: logLevelsFrom(config.logLevel) });
    app.useLogger(app.get(Logger));
    app.enableShutdownHooks();
    exitAfterGracePeriod();
    await app.listen(config.metricsPort, config.metricsHost);
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const host = config.metricsHost === '0.0.0.0' ? '127.0.0.1' : config.metricsHost;
    // The ready line scripts and tests wait for, printed whatever LOG_LEVEL and LOG_FORMAT are.
    console.log(`${name} ready (pid ${process.pid}, metrics on http://${host}:${port}/metrics)`);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  }
}
