import { ApiError } from './api.error';

/** Too many orders from one client in the current minute: come back after `retryAfterSeconds`. */
export class RateLimitedError extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many orders from this client; try again in ${retryAfterSeconds} s.`);
  }
}
