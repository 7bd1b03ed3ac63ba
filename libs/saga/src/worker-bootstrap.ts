import { type DynamicModule, type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InvalidEnvironmentError, LOG_LEVELS, type LogLevel } from '@app/config';

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
 * Boots a worker process: a Nest application context (no HTTP), shutdown hooks so SIGTERM
 * drains the BullMQ worker and closes connections, and one "ready" line scripts wait for.
 */
export async function runWorker(name: string, load: () => { module: DynamicModule; logLevel: LogLevel }): Promise<void> {
  try {
    const { module, logLevel } = load();
    const app = await NestFactory.createApplicationContext(module, { logger: logLevelsFrom(logLevel) });
    app.enableShutdownHooks();
    exitAfterGracePeriod();
    // The ready line scripts and tests wait for, printed whatever LOG_LEVEL is.
    console.log(`${name} ready (pid ${process.pid})`);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  }
}
