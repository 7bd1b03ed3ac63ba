/**
 * Maintenance an operator runs by hand: `POST /admin/maintenance/recount` rebuilds the counters
 * the workers maintain as orders end (the overview's terminal counts) from the stored orders,
 * after a restore, a bulk import or orders removed by hand. It reads every terminal order once
 * (on the status index), so it is never run on a timer.
 */
import { Controller, HttpCode, Post } from '@nestjs/common';
import { TERMINAL_STATUSES } from '@app/contracts';
import { MetricsRepository, OrderRepository } from '@app/dal';
import { terminalOrdersMetric } from '@app/saga';
import { ApiRoute } from '../../http/api-route.decorator';
import { AdminOnly } from '../admin-only.decorator';

@AdminOnly()
@Controller('admin/maintenance')
export class AdminMaintenanceController {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly orders: OrderRepository,
  ) {}

  @Post('recount')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Rebuild the maintained order counters (terminal orders per status) from the stored orders',
    description: 'Reads every terminal order once on the status index: run it after a restore, a bulk import or orders removed by hand, not on a timer. Answers the counts it set.',
    errors: ['UNAUTHORIZED', 'CSRF_TOKEN_INVALID'],
  })
  async recount(): Promise<Record<string, number>> {
    const counts = await this.orders.countTerminal();
    const values = Object.fromEntries(TERMINAL_STATUSES.map((status) => [status, counts[status] ?? 0]));
    await this.metrics.set(Object.fromEntries(TERMINAL_STATUSES.map((status) => [terminalOrdersMetric(status), values[status] ?? 0])));
    return values;
  }
}
