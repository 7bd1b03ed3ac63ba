import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { QUEUE } from '@app/contracts';
import { MetricsRepository, OrderRepository } from '@app/dal';
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
  @ApiOperation({ summary: 'Counters (stale jobs dropped, busy locks, retries, recoveries), orders by status, queue depths' })
  async get(): Promise<MetricsView> {
    const queues = [this.inventoryQueue, this.paymentQueue, this.notificationQueue];
    const [counters, ordersByStatus, ...depths] = await Promise.all([
      this.metrics.all(),
      this.orders.countByStatus(),
      ...queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'failed')),
    ]);
    return { counters, ordersByStatus, queues: Object.fromEntries(queues.map((queue, i) => [queue.name, depths[i] ?? {}])) };
  }
}
