/**
 * Counts events per key in fixed time windows in Redis, so that every API instance shares the
 * count (one INCR per event; the window's first also sets its expiry). Keys:
 * `<QUEUE_PREFIX>:ratelimit:<name>:<window number>`. When Redis does not answer at once the
 * count is unknown (undefined): callers let the request through rather than hold it.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ApiConfig } from '@app/config';
import { createRedisClient, type RedisClient } from '@app/queue';
import { API_CONFIG } from '../api-config.token';

export interface WindowCount {
  readonly count: number;
  /** Seconds until the window ends (at least 1). */
  readonly retryAfterSeconds: number;
}

@Injectable()
export class RedisWindowCounter implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisWindowCounter.name);
  private readonly redis: RedisClient;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {
    this.redis = createRedisClient(config, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: false });
    this.redis.on('error', () => undefined);
  }

  /** Adds one event to `name`'s current window: the count so far. */
  hit(name: string, windowMs: number): Promise<WindowCount | undefined> {
    return this.read(name, windowMs, async (key) => {
      const count = await this.redis.incr(key);
      if (count === 1) await this.redis.pexpire(key, windowMs * 2);
      return count;
    });
  }

  /** The count of `name`'s current window, adding nothing. */
  peek(name: string, windowMs: number): Promise<WindowCount | undefined> {
    return this.read(name, windowMs, async (key) => Number((await this.redis.get(key)) ?? 0));
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private async read(name: string, windowMs: number, count: (key: string) => Promise<number>): Promise<WindowCount | undefined> {
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    try {
      return { count: await count(`${this.config.queuePrefix}:ratelimit:${name}:${window}`), retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000)) };
    } catch (error) {
      this.logger.warn(`rate limit ${name} not checked (Redis: ${String(error)})`);
      return undefined;
    }
  }
}
