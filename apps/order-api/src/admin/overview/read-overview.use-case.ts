/**
 * What the console's overview shows: counters, orders per status, queue depths, how each
 * outside provider stands (its circuit open in some live worker), and how many sagas are stuck
 * (their step dispatched longer than STUCK_ALERT_AFTER_MS ago: a bounded count on the recovery
 * sweep's index `saga_phase_dispatched`); the last two, and FAILED orders, are the console's
 * banners. In-flight
 * orders are counted from the orders (index `status_created_id`: only in-flight orders are
 * examined); terminal ones from the counters every process flushes to MongoDB every 2 s; provider
 * circuits from `provider_circuits` (a few documents per worker process, never per order).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { ApiConfig } from '@app/config';
import { OUTSIDE_PROVIDER, TERMINAL_STATUSES } from '@app/contracts';
import { DatabaseClock, MetricsRepository, OrderRepository, ProviderCircuitRepository, type ProviderCircuitSummary } from '@app/dal';
import { terminalOrdersMetric } from '@app/saga';
import { API_CONFIG } from '../../api-config.token';
import { SagaQueues } from '../saga-queues';

/** Stuck sagas are counted up to this many (`capped` past it). */
export const STUCK_COUNT_CAP = 1_000;

export interface MetricsView {
  readonly counters: Record<string, number>;
  readonly ordersByStatus: Record<string, number>;
  readonly queues: Record<string, Record<string, number>>;
  /** Per outside provider (`payment`, `mail`): `open` while some live worker has stopped calling it. */
  readonly providers: ProviderCircuitSummary;
  /** Sagas not terminal whose step was dispatched more than `afterMs` ago (counted up to STUCK_COUNT_CAP). */
  readonly stuck: { readonly count: number; readonly capped: boolean; readonly afterMs: number };
}

@Injectable()
export class ReadOverview {
  constructor(
    private readonly metrics: MetricsRepository,
    private readonly orders: OrderRepository,
    private readonly circuits: ProviderCircuitRepository,
    private readonly clock: DatabaseClock,
    private readonly queues: SagaQueues,
    @Inject(API_CONFIG) private readonly config: Pick<ApiConfig, 'stuckAlertAfterMs'>,
  ) {}

  async execute(): Promise<MetricsView> {
    const queues = this.queues.all;
    const now = this.clock.now();
    const afterMs = this.config.stuckAlertAfterMs;
    const [counters, inFlight, providers, stuck, ...depths] = await Promise.all([
      this.metrics.all(),
      this.orders.countInFlight(),
      this.circuits.summary(now, Object.values(OUTSIDE_PROVIDER)),
      this.orders.countStuck(new Date(now.getTime() - afterMs), STUCK_COUNT_CAP + 1),
      ...queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'failed')),
    ]);
    const ordersByStatus = { ...inFlight };
    for (const status of TERMINAL_STATUSES) {
      const count = counters[terminalOrdersMetric(status)] ?? 0;
      if (count > 0) ordersByStatus[status] = count;
    }
    return {
      counters,
      ordersByStatus,
      queues: Object.fromEntries(queues.map((queue, i) => [queue.name, depths[i] ?? {}])),
      providers,
      stuck: { count: Math.min(stuck, STUCK_COUNT_CAP), capped: stuck > STUCK_COUNT_CAP, afterMs },
    };
  }
}
