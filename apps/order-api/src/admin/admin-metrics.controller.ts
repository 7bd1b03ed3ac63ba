import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { QUEUE, TERMINAL_STATUSES } from '@app/contracts';
import { MetricsRepository, OrderRepository } from '@app/dal';
import { terminalOrdersMetric } from '@app/saga';
import { ApiRoute } from '../http/api-route.decorator';
import { AdminTokenGuard } from './admin-token.guard';

export interface MetricsView {
  readonly counters: Record<string, number>;
  readonly ordersByStatus: Record<string, number>;
  readonly queues: Record<string, Record<string, number>>;
}

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/metrics')
export class AdminMetricsController {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly orders: OrderRepository,
    @InjectQueue(QUEUE.INVENTORY) private readonly inventoryQueue: Queue,
    @InjectQueue(QUEUE.PAYMENT) private readonly paymentQueue: Queue,
    @InjectQueue(QUEUE.NOTIFICATION) private readonly notificationQueue: Queue,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'Counters (stale jobs dropped, busy locks, retries, recoveries), orders by status, queue depths',
    description: 'Orders in flight are counted from the orders themselves (index-backed, only in-flight orders are examined); terminal ones from counters every process flushes every 2 s.',
    errors: ['UNAUTHORIZED'],
  })
  async get(): Promise<MetricsView> {
    const queues = [this.inventoryQueue, this.paymentQueue, this.notificationQueue];
    const [counters, inFlight, ...depths] = await Promise.all([
      this.metrics.all(),
      this.orders.countInFlight(),
      ...queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'failed')),
    ]);
    const ordersByStatus = { ...inFlight };
    for (const status of TERMINAL_STATUSES) {
      const count = counters[terminalOrdersMetric(status)] ?? 0;
      if (count > 0) ordersByStatus[status] = count;
    }
    return { counters, ordersByStatus, queues: Object.fromEntries(queues.map((queue, i) => [queue.name, depths[i] ?? {}])) };
  }

  @Post('recount')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Recount the terminal orders per status from the stored orders (a full scan: run it when orders were loaded or removed by hand)',
    errors: ['UNAUTHORIZED'],
  })
  async recount(): Promise<Record<string, number>> {
    const counts = await this.orders.countTerminal();
    const values = Object.fromEntries(TERMINAL_STATUSES.map((status) => [status, counts[status] ?? 0]));
    await this.metrics.set(Object.fromEntries(TERMINAL_STATUSES.map((status) => [terminalOrdersMetric(status), values[status] ?? 0])));
    return values;
  }
}
