import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams, type LoggerSettings } from './logging/logger-params';
import { MetricsController } from './metrics/metrics.controller';
import { MetricsRegistry } from './metrics/metrics-registry';
import { stopTracing } from './tracing/start-tracing';

/** Flushes the spans still buffered when the application shuts down. */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing().catch(() => undefined);
  }
}

/**
 * What every process gets from observability: the pino logger (nestjs-pino: use it with
 * `app.useLogger(app.get(Logger))`), the one MetricsRegistry (global: any provider may inject
 * it), `GET /metrics` when the process serves HTTP, and the traces flushed at shutdown.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(settings: LoggerSettings): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [LoggerModule.forRoot(loggerParams(settings))],
      controllers: [MetricsController],
      providers: [{ provide: MetricsRegistry, useFactory: (): MetricsRegistry => new MetricsRegistry({ app: settings.app }) }, TracingShutdown],
      exports: [MetricsRegistry],
    };
  }
}
