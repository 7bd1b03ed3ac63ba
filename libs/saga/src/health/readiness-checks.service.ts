/**
 * What `GET /health/ready` checks, with @nestjs/terminus indicators, in the API and in every
 * worker. Contract:
 *  - `mongo`: one `ping` answered within READY_CHECK_TIMEOUT_MS;
 *  - `redis`: one `PING` answered within READY_CHECK_TIMEOUT_MS (on the queues' own connection);
 *  - `queues` (workers): this process's BullMQ worker is running and not paused (the database
 *    watch pauses it while MongoDB does not answer);
 *  - `providers`: per outside provider, whether some worker has its circuit open
 *    (`ProviderCircuitRepository.summary`): `degraded` when one is, never `down` — no pod can fix
 *    a provider, so an open circuit never makes a pod unready.
 * Any `down` answers 503; `up` and `degraded` answer 200.
 */
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { OUTSIDE_PROVIDER, QUEUE } from '@app/contracts';
import { DatabaseClock, DatabasePing, ProviderCircuitRepository } from '@app/dal';
import { QueueConsumers } from './queue-consumers';

/** Longer than a healthy ping takes under load, shorter than a probe's timeout (set probes' `timeoutSeconds` to 3). */
export const READY_CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class ReadinessChecks {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabasePing,
    @InjectQueue(QUEUE.INVENTORY) private readonly queue: Queue,
    private readonly circuits: ProviderCircuitRepository,
    private readonly clock: DatabaseClock,
    private readonly consumers: QueueConsumers,
  ) {}

  /** Alive: the event loop answers. Nothing else (a dead MongoDB must not get pods restarted). */
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Throws terminus' ServiceUnavailableException (its body the result) when a check is down. */
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.mongo(), () => this.redis(), () => this.queues(), () => this.providers()]);
  }

  private async mongo(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('mongo');
    try {
      await withTimeout(this.database.ping(), 'MongoDB ping');
      return check.up();
    } catch (error) {
      return check.down({ message: messageOf(error) });
    }
  }

  private async redis(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('redis');
    try {
      // BullMQ's connection is an ioredis client (its own type names only the commands BullMQ uses).
      const client = (await withTimeout(this.queue.client, 'Redis connection')) as unknown as Pick<Redis, 'ping'>;
      await withTimeout(client.ping(), 'Redis PING');
      return check.up();
    } catch (error) {
      return check.down({ message: messageOf(error) });
    }
  }

  private queues(): HealthIndicatorResult {
    const states = this.consumers.states();
    const check = this.indicators.check('queues');
    return Object.values(states).every((state) => state === 'consuming') ? check.up(states) : check.down(states);
  }

  private async providers(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('providers');
    try {
      const summary = await withTimeout(this.circuits.summary(this.clock.now(), Object.values(OUTSIDE_PROVIDER)), 'circuit summary');
      return Object.values(summary).some((provider) => provider.state === 'open') ? check.degraded(summary) : check.up(summary);
    } catch (error) {
      // Unknown is not a reason to be unready either (MongoDB's own check says whether it answers).
      return check.up({ message: `unknown: ${messageOf(error)}` });
    }
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer within ${READY_CHECK_TIMEOUT_MS} ms`)), READY_CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
