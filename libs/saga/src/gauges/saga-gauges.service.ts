/**
 * Feeds the registry's scrape-time gauges from Redis and MongoDB (read at most once per
 * GAUGE_CACHE_MS, whatever the scrape rate; no command per event):
 *  - `saga_queue_jobs` for `queues`: one `getJobCounts` per queue (a few Redis commands each);
 *  - with `sagas`, `saga_sagas_in_flight` (one `$group` over the non-terminal statuses, on the
 *    `status_created_id` prefix) and `saga_oldest_in_flight_age_seconds` (one find per
 *    non-terminal status, limit 1, on `status_created_id`).
 * The API reports every queue and the sagas; a worker its own queue only.
 */
import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import type { QueueName } from '@app/contracts';
import { DatabaseClock, OrderRepository } from '@app/dal';
import { MetricsRegistry, type QueueDepths, type SagaGaugeReading } from '@app/observability';

export const SAGA_GAUGE_OPTIONS = Symbol('SAGA_GAUGE_OPTIONS');

export interface SagaGaugeOptions {
  readonly queues: readonly QueueName[];
  readonly sagas: boolean;
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

@Injectable()
export class SagaGauges implements OnModuleInit {
  constructor(
    @Inject(SAGA_GAUGE_OPTIONS) private readonly options: SagaGaugeOptions,
    private readonly registry: MetricsRegistry,
    private readonly modules: ModuleRef,
    private readonly orders: OrderRepository,
    private readonly clock: DatabaseClock,
  ) {}

  onModuleInit(): void {
    const queues = this.options.queues.map((name) => this.modules.get<Queue>(getQueueToken(name), { strict: false }));
    if (queues.length > 0) this.registry.observeQueues(() => readDepths(queues));
    if (this.options.sagas) this.registry.observeSagas(() => this.readSagas());
  }

  private async readSagas(): Promise<SagaGaugeReading> {
    const [inFlight, oldest] = await Promise.all([this.orders.countInFlight(), this.orders.oldestInFlight()]);
    const now = this.clock.now().getTime();
    const oldestAgeSeconds = Object.fromEntries(Object.entries(oldest).map(([status, createdAt]) => [status, Math.max(0, now - createdAt.getTime()) / 1_000]));
    return { inFlight, oldestAgeSeconds };
  }
}

async function readDepths(queues: readonly Queue[]): Promise<QueueDepths> {
  const counts = await Promise.all(queues.map((queue) => queue.getJobCounts(...QUEUE_STATES)));
  return Object.fromEntries(queues.map((queue, index) => [queue.name, counts[index] ?? {}]));
}
