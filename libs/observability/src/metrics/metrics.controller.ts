import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

/** `GET /metrics`: this process's registry in Prometheus' text format (gauges read on scrape, cached a few seconds). */
@ApiTags('observability')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "Prometheus metrics of this process (text exposition format); the counters and histograms are this process's, the queue and saga gauges the cluster's",
    description:
      'Names and labels: README, "Observe". Counters and histograms count what this process did since it started (sum them over processes); `saga_queue_jobs`, `saga_sagas_in_flight` and `saga_oldest_in_flight_age_seconds` are the same cluster-wide values in every process that reports them (take `max`). No authentication: keep the port off the public internet, as for every `/metrics`.',
  })
  @ApiProduces(Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOkResponse({ description: 'The exposition text', schema: { type: 'string', example: '# TYPE saga_orders_finished_total counter\nsaga_orders_finished_total{status="COMPLETED",reason="none",app="order-api"} 42' } })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
