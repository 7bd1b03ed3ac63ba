/**
 * The recovery sweep: every worker process runs the timer, and the one that holds the
 * `recovery-sweep` lease (taken or renewed on each tick, lasting three intervals) sweeps, so
 * scaled workers do not all scan at once (seed 000). The lease is for economy, not safety: each
 * saga is claimed by an atomic update, so two sweepers never take the same one. It finds sagas
 * that are not terminal and whose
 * current step was dispatched longer than `stuckAfterMs` ago (their job may have been lost with
 * Redis, or the process died between the transition and the dispatch), claims each with one
 * atomic update (so many sweepers never take the same saga), and re-dispatches its step when
 * the step's job is no longer queued. While the database does not answer (the database watch) the
 * timer skips its ticks; a sweep that meets the outage tells the watch, quietly.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DatabaseClock, LeaseRepository, MetricsRepository, OrderRepository, isDatabaseUnavailable } from '@app/dal';
import { MetricsRegistry } from '@app/observability';
import { StepDispatcher } from '@app/queue';
import { DatabaseWatch } from './database-watch.service';
import { SAGA_METRIC } from './saga-metrics';

export const RECOVERY_OPTIONS = Symbol('RECOVERY_OPTIONS');

export interface RecoveryOptions {
  readonly intervalMs: number;
  readonly stuckAfterMs: number;
  /** At most this many sagas per sweep. */
  readonly batchSize: number;
}

@Injectable()
export class SagaRecoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SagaRecoveryService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly owner = randomUUID();

  constructor(
    @Inject(RECOVERY_OPTIONS) private readonly options: RecoveryOptions,
    private readonly orders: OrderRepository,
    private readonly dispatcher: StepDispatcher,
    private readonly metrics: MetricsRepository,
    private readonly leases: LeaseRepository,
    private readonly clock: DatabaseClock,
    private readonly database: DatabaseWatch,
    private readonly prometheus: MetricsRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Runs one sweep; returns how many sagas were re-dispatched. */
  async sweep(now = this.clock.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.options.stuckAfterMs);
    let redispatched = 0;
    for (let i = 0; i < this.options.batchSize; i += 1) {
      const order = await this.orders.claimStuck(cutoff, now);
      if (order === null) break;
      const step = order.saga.step;
      if (step === null) continue;
      if (await this.dispatcher.redispatch(order._id, step, order.saga.version)) {
        redispatched += 1;
        this.metrics.increment(SAGA_METRIC.RECOVERY_REDISPATCHED);
        this.prometheus.recoveryRedispatched(step);
        this.logger.warn(`re-dispatched ${step} of ${order._id} (version ${order.saga.version})`);
      }
    }
    return redispatched;
  }

  /** Sweeps when this process holds (or takes over) the sweep lease; returns how many sagas were re-dispatched. */
  async sweepIfLeader(now = this.clock.now()): Promise<number> {
    if (!(await this.leases.hold('recovery-sweep', this.owner, this.options.intervalMs * 3, now))) return 0;
    return this.sweep(now);
  }

  private tick(): void {
    if (this.running !== undefined || !this.database.available) return;
    this.running = this.sweepIfLeader()
      .catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) {
          this.database.unavailable(error);
          return 0;
        }
        this.logger.error(`recovery sweep failed: ${String(error)}`);
        return 0;
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
