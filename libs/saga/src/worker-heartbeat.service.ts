/**
 * Says every HEARTBEAT_MS that this worker process is alive — its kind, host, pid, concurrency,
 * queue consumer state and steps in flight — in one replace of its own document (WorkerRegistry),
 * so that the console can list live workers and warn when a queue has waiting jobs and nobody
 * consuming it. One write per process every few seconds, none per job; removed at shutdown.
 */
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { DatabaseClock, WorkerRegistryRepository } from '@app/dal';
import type { QueueConsumers } from './health/queue-consumers';

export const HEARTBEAT_MS = 5_000;

export interface WorkerIdentity {
  readonly kind: string;
  readonly queue: string;
  readonly concurrency: number;
}

export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  private readonly host = hostname();
  private readonly instance = `${this.host}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly startedAt = new Date();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: WorkerRegistryRepository,
    private readonly consumers: QueueConsumers,
    private readonly clock: DatabaseClock,
    private readonly identity: WorkerIdentity,
  ) {}

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.registry.forget(this.instance).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    const consumer = this.consumers.snapshots().find((snapshot) => snapshot.queue === this.identity.queue);
    try {
      await this.registry.beat({
        _id: this.instance,
        ...this.identity,
        host: this.host,
        pid: process.pid,
        jobsInFlight: consumer?.jobsInFlight ?? 0,
        state: consumer?.state ?? 'stopped',
        startedAt: this.startedAt,
        heartbeatAt: this.clock.now(),
      });
    } catch (error) {
      this.logger.debug(`heartbeat not written (the next one will be): ${String(error)}`);
    }
  }
}
