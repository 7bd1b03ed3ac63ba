import { type DynamicModule, type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InvalidEnvironmentError, LOG_LEVELS, type LogLevel } from '@app/config';
import { installShutdown } from '@app/lifecycle';

/** Nest log levels at and above `level`. */
export function logLevelsFrom(level: LogLevel): NestLogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/**
 * Boots a worker process: a Nest application context (no HTTP), graceful shutdown on SIGTERM
 * (`installShutdown`: stop taking jobs, let the running ones finish or hand them back within
 * SHUTDOWN_GRACE_MS, close connections, exit), and one "ready" line scripts wait for.
 */
export async function runWorker(name: string, load: () => { module: DynamicModule; logLevel: LogLevel }): Promise<void> {
  try {
    const { module, logLevel } = load();
    const app = await NestFactory.createApplicationContext(module, { logger: logLevelsFrom(logLevel) });
    installShutdown(app);
    // The ready line scripts and tests wait for, printed whatever LOG_LEVEL is.
    console.log(`${name} ready (pid ${process.pid})`);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  }
}
