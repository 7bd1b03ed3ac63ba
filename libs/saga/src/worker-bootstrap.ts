import { type DynamicModule, type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { InvalidEnvironmentError, LOG_LEVELS, type LogLevel, type WorkerConfig } from '@app/config';
import { MetricsRegistry } from '@app/observability';
import { ReadinessChecks } from './health/readiness-checks.service';
import { WorkerHttpServer } from './health/worker-http.server';
import { installShutdown } from '@app/lifecycle';

/** Nest log levels at and above `level`. */
export function logLevelsFrom(level: LogLevel): NestLogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/**
 * Boots a worker process: a Nest application context logging through pino, graceful shutdown on
 * SIGTERM (`installShutdown`: stop taking jobs, let the running ones finish or hand them back
 * within SHUTDOWN_GRACE_MS, close connections, exit), the small HTTP server on METRICS_PORT
 * (`/metrics`, `/health/live`, `/health/ready`; port 0 = a free one), and one "ready" line
 * scripts wait for, naming the metrics address:
 * `<name> ready (pid <pid>, metrics on http://<host>:<port>/metrics)`.
 */
export async function runWorker(name: string, load: () => { module: DynamicModule; config: WorkerConfig }): Promise<void> {
  try {
    const { module, config } = load();
    const app = await NestFactory.createApplicationContext(module, { bufferLogs: true, logger: logLevelsFrom(config.logLevel) });
    app.useLogger(app.get(Logger));
    installShutdown(app);
    const http = new WorkerHttpServer(app.get(MetricsRegistry), app.get(ReadinessChecks));
    const port = await http.listen(config.metricsPort, config.metricsHost);
    process.once('SIGTERM', () => void http.close());
    const host = config.metricsHost === '0.0.0.0' ? '127.0.0.1' : config.metricsHost;
    // The ready line scripts and tests wait for, printed whatever LOG_LEVEL and LOG_FORMAT are.
    console.log(`${name} ready (pid ${process.pid}, metrics on http://${host}:${port}/metrics)`);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  }
}
