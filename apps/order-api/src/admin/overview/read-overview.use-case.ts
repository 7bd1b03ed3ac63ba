/**
 * What the console's overview shows: counters, orders per status, queue depths, and how each
 * outside provider stands (its circuit open in some live worker: the console's banner). In-flight
 * orders are counted from the orders (index `status_created_id`: only in-flight orders are
 * examined); terminal ones from the counters every process flushes to MongoDB every 2 s; provider
 * circuits from `provider_circuits` (a few documents per worker process, never per order).
 */
import { Injectable } from '@nestjs/common';
import { OUTSIDE_PROVIDER, TERMINAL_STATUSES } from '@app/contracts';
import { DatabaseClock, MetricsRepository, OrderRepository, ProviderCircuitRepository, type ProviderCircuitSummary } from '@app/dal';
import { terminalOrdersMetric } from '@app/saga';
import { SagaQueues } from '../saga-queues';

export interface MetricsView {
  readonly counters: Record<string, number>;
  readonly ordersByStatus: Record<string, number>;
  readonly queues: Record<string, Record<string, number>>;
  /** Per outside provider (`payment`, `mail`): `open` while some live worker has stopped calling it. */
  readonly providers: ProviderCircuitSummary;
}

@Injectable()
export class ReadOverview {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly orders: OrderRepository,
    private readonly circuits: ProviderCircuitRepository,
    private readonly clock: DatabaseClock,
    private readonly queues: SagaQueues,
  ) {}

  async execute(): Promise<MetricsView> {
    const queues = this.queues.all;
    const [counters, inFlight, providers, ...depths] = await Promise.all([
      this.metrics.all(),
      this.orders.countInFlight(),
      this.circuits.summary(this.clock.now(), Object.values(OUTSIDE_PROVIDER)),
      ...queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'failed')),
    ]);
    const ordersByStatus = { ...inFlight };
    for (const status of TERMINAL_STATUSES) {
      const count = counters[terminalOrdersMetric(status)] ?? 0;
      if (count > 0) ordersByStatus[status] = count;
    }
    return { counters, ordersByStatus, queues: Object.fromEntries(queues.map((queue, i) => [queue.name, depths[i] ?? {}])), providers };
  }
}
