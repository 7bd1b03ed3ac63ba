import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { DatabaseClock } from '@app/dal';
import { ApiRoute } from '../../http/api-route.decorator';
import type { FieldError } from '../../http/error-response.schema';
import { RequestValidationError } from '../../http/request-validation.error';
import { AdminOnly } from '../admin-only.decorator';
import { ReadTrends } from './read-trends.use-case';
import type { TrendsView } from './trend-series';
import { DEFAULT_RANGE_MINUTES, MAX_POINTS, MAX_RANGE_DAYS, parseTrendsRange } from './trends-range.query';

@AdminOnly()
@Controller('admin/trends')
export class AdminTrendsController {
  constructor(
    private readonly trends: ReadTrends,
    private readonly clock: DatabaseClock,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'Per-minute trends: orders by final status, placement→end latency p50/p95/p99, failures by reason, provider errors',
    description:
      `From the per-minute counts every worker flushes every 2 s (\`metrics_minutes\`, kept TRENDS_RETENTION_DAYS; one range read on index \`at\`). ` +
      `Column series: \`times\` (each point's start, epoch ms) and one array per series, every point present. ` +
      `At most ${MAX_RANGE_DAYS} days; one point a minute up to ${MAX_POINTS} minutes, wider points beyond (\`stepSeconds\`). ` +
      'Percentiles are read from the summed latency histograms of each point (log-spaced buckets: within a third of the true value).',
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED'],
  })
  @ApiQuery({ name: 'from', required: false, description: `Start (ISO date-time, down to its minute); default ${DEFAULT_RANGE_MINUTES} minutes before \`to\`` })
  @ApiQuery({ name: 'to', required: false, description: 'End (ISO date-time, up to the end of its minute); default now' })
  get(@Query() query: Record<string, unknown>): Promise<TrendsView> {
    const fields: FieldError[] = [];
    const range = parseTrendsRange(query, this.clock.now(), fields);
    if (fields.length > 0) throw new RequestValidationError(fields);
    return this.trends.execute(range);
  }
}
