import { Controller, Get } from '@nestjs/common';
import { ApiRoute } from '../http/api-route.decorator';
import { AdminOnly } from './admin-only.decorator';
import { ReadOverview, type MetricsView } from './overview/read-overview.use-case';

@AdminOnly()
@Controller('admin/metrics')
export class AdminMetricsController {
  constructor(private readonly overview: ReadOverview) {}

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
}
