/**
 * At most RATE_LIMIT_PER_MINUTE `POST /orders` per client IP per clock minute, counted in Redis
 * so that every API instance shares the count (one INCR per request; the window's first also
 * sets its expiry). Over the limit: 429 RATE_LIMITED with Retry-After = the seconds left in the
 * minute. 0 = off. The client IP is the socket's, or X-Forwarded-For's first hop when TRUST_PROXY
 * is true. When Redis does not answer at once, the request is let through (orders are accepted
 * and queued later by the recovery sweep, as before) rather than held.
 */
import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext, type OnApplicationShutdown } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiConfig } from '@app/config';
import { createRedisClient, type RedisClient } from '@app/queue';
import { API_CONFIG } from '../../api-config.token';
import { RateLimitedError } from '../../http/rate-limited.error';

const WINDOW_MS = 60_000;

@Injectable()
export class OrderRateLimitGuard implements CanActivate, OnApplicationShutdown {
  private readonly logger = new Logger(OrderRateLimitGuard.name);
  private readonly redis: RedisClient | undefined;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {
    if (config.rateLimitPerMinute > 0) {
      this.redis = createRedisClient(config, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: false });
      this.redis.on('error', () => undefined);
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.redis === undefined) return true;
    const ip = context.switchToHttp().getRequest<Request>().ip ?? 'unknown';
    const now = Date.now();
    const window = Math.floor(now / WINDOW_MS);
    const key = `${this.config.queuePrefix}:ratelimit:orders:${ip}:${window}`;
    let count: number;
    try {
      count = await this.redis.incr(key);
      if (count === 1) await this.redis.pexpire(key, WINDOW_MS * 2);
    } catch (error) {
      this.logger.warn(`rate limit not checked (Redis: ${String(error)})`);
      return true;
    }
    if (count <= this.config.rateLimitPerMinute) return true;
    throw new RateLimitedError(Math.max(1, Math.ceil(((window + 1) * WINDOW_MS - now) / 1000)));
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
