import { Module, type DynamicModule } from '@nestjs/common';
import { SAGA_GAUGE_OPTIONS, SagaGauges, type SagaGaugeOptions } from './saga-gauges.service';

/** The scrape-time gauges of a process (see `SagaGauges`). */
@Module({})
export class SagaGaugesModule {
  static forProcess(options: SagaGaugeOptions): DynamicModule {
    return { module: SagaGaugesModule, providers: [{ provide: SAGA_GAUGE_OPTIONS, useValue: options }, SagaGauges] };
  }
}
