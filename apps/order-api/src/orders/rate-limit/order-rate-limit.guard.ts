/**
 * At most RATE_LIMIT_PER_MINUTE `POST /orders` per client IP per clock minute, counted in Redis
 * (`RedisWindowCounter`, shared by every API instance). Over the limit: 429 RATE_LIMITED with
 * Retry-After = the seconds left in the minute. 0 = off. The client IP is the socket's, or
 * X-Forwarded-For's first hop when TRUST_PROXY is true. When Redis does not answer at once, the
 * request is let through (orders are accepted and queued later by the recovery sweep, as
 * before) rather than held.
 */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiConfig } from '@app/config';
import { API_CONFIG } from '../../api-config.token';
import { RateLimitedError } from '../../http/rate-limited.error';
import { RedisWindowCounter } from '../../http/redis-window-counter';

const WINDOW_MS = 60_000;

@Injectable()
export class OrderRateLimitGuard implements CanActivate {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly counter: RedisWindowCounter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.config.rateLimitPerMinute === 0) return true;
    const ip = context.switchToHttp().getRequest<Request>().ip ?? 'unknown';
    const window = await this.counter.hit(`orders:${ip}`, WINDOW_MS);
    if (window === undefined || window.count <= this.config.rateLimitPerMinute) return true;
    throw new RateLimitedError(window.retryAfterSeconds);
  }
}
