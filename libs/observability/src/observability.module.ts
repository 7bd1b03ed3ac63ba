import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams, type LoggerSettings } from './logging/logger-params';
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
 * it), and the traces flushed at shutdown. `/metrics` is the app's to serve (the API: its own
 * controller, for its OpenAPI; a worker: its small HTTP server).
 */
@Module({})
export class ObservabilityModule {
  static forRoot(settings: LoggerSettings): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      imports: [LoggerModule.forRoot(loggerParams(settings))],
      providers: [{ provide: MetricsRegistry, useFactory: (): MetricsRegistry => new MetricsRegistry({ app: settings.app }) }, TracingShutdown],
      exports: [MetricsRegistry],
    };
  }
}
