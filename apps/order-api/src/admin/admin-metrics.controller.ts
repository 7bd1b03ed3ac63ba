import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { TERMINAL_STATUSES } from '@app/contracts';
import { MetricsRepository, OrderRepository } from '@app/dal';
import { terminalOrdersMetric } from '@app/saga';
import { ApiRoute } from '../http/api-route.decorator';
import { AdminOnly } from './admin-only.decorator';
import { ReadOverview, type MetricsView } from './overview/read-overview.use-case';

@AdminOnly()
@Controller('admin/metrics')
export class AdminMetricsController {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly orders: OrderRepository,
    private readonly overview: ReadOverview,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'Counters (stale jobs dropped, busy locks, retries, recoveries), orders by status, queue depths, provider circuits, stuck sagas',
    description:
      'Orders in flight are counted from the orders themselves (index-backed, only in-flight orders are examined); terminal ones from counters every process flushes every 2 s. ' +
      '`providers`: per outside provider (`payment`, `mail`), `{ state: "open" | "closed", openInstances }` — open while some live worker has stopped calling it (its circuit is open): the console shows a banner. ' +
      '`stuck`: `{ count, capped, afterMs }` — sagas not terminal whose step was dispatched more than STUCK_ALERT_AFTER_MS ago (index `saga_phase_dispatched`, counted up to 1,000): a banner too.',
    errors: ['UNAUTHORIZED'],
  })
  get(): Promise<MetricsView> {
    return this.overview.execute();
  }

  @Post('recount')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Recount the terminal orders per status from the stored orders (a full scan: run it when orders were loaded or removed by hand)',
    errors: ['UNAUTHORIZED', 'CSRF_TOKEN_INVALID'],
  })
  async recount(): Promise<Record<string, number>> {
    const counts = await this.orders.countTerminal();
    const values = Object.fromEntries(TERMINAL_STATUSES.map((status) => [status, counts[status] ?? 0]));
    await this.metrics.set(Object.fromEntries(TERMINAL_STATUSES.map((status) => [terminalOrdersMetric(status), values[status] ?? 0])));
    return values;
  }
}
