import { ApiError } from './api.error';

/** Too many requests of a kind from one client in the current window: come back after `retryAfterSeconds`. */
export class RateLimitedError extends ApiError {
  constructor(
    readonly retryAfterSeconds: number,
    what = 'orders from this client',
  ) {
    super('RATE_LIMITED', `Too many ${what}; try again in ${retryAfterSeconds} s.`);
  }
}
