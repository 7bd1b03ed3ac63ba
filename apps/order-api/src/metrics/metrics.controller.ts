import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { MetricsRegistry } from '@app/observability';
import { ApiRoute } from '../http/api-route.decorator';

/** `GET /metrics` on the API's own port: this process's registry in Prometheus' text format. */
@ApiTags('observability')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: MetricsRegistry) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiRoute({
    summary: 'Prometheus metrics of this process (text exposition format)',
    description:
      "Names and labels: README, \"Observe\". Counters and histograms count what this process did since it started (sum them over processes); `saga_queue_jobs`, `saga_sagas_in_flight` and `saga_oldest_in_flight_age_seconds` are the cluster's values, read on scrape at most every 5 s (take `max` over processes). No authentication: keep the route off the public ingress, as for any `/metrics`.",
    errors: [],
  })
  @ApiOkResponse({
    description: 'The exposition text',
    content: { [Registry.PROMETHEUS_CONTENT_TYPE]: { schema: { type: 'string', example: '# TYPE saga_orders_finished_total counter\nsaga_orders_finished_total{status="COMPLETED",reason="none",app="order-api"} 42' } } },
  })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
