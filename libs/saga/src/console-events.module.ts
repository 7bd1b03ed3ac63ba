import { Module, type DynamicModule } from '@nestjs/common';
import { CONSOLE_EVENTS_OPTIONS, ConsoleEventsPublisher, type ConsoleEventsOptions } from './console-events.publisher';

/** The console's live signal publisher, for any process that creates or moves orders (workers and the API). */
@Module({})
export class ConsoleEventsModule {
  static forRoot(options: ConsoleEventsOptions): DynamicModule {
    return {
      module: ConsoleEventsModule,
      global: true,
      providers: [{ provide: CONSOLE_EVENTS_OPTIONS, useValue: options }, ConsoleEventsPublisher],
      exports: [ConsoleEventsPublisher],
    };
  }
}
