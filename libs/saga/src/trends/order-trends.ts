/**
 * What the console's trends count, per minute (`metrics_minutes`, see MinuteCountsRepository):
 *  - `status.<STATUS>`: orders that reached a terminal status in that minute (COMPLETED,
 *    CANCELLED, FAILED; an operator's retry of a FAILED order that ends again counts again);
 *  - `latency.<bucket>`: their time from placement to that end (LATENCY_BOUNDS_MS);
 *  - `failures.<REASON>`: those that ended FAILED or CANCELLED, by reason;
 *  - `providerErrors.<provider>`: a step met its outside provider (`payment`, `mail`) unavailable.
 * Counted where the terminal counters and provider retries are (SagaStepRunner): in memory, on
 * the periodic flush, never a database command per order. Labels are bounded: statuses, reasons
 * and providers are fixed sets.
 */
import { Injectable } from '@nestjs/common';
import { ORDER_STATUS } from '@app/contracts';
import { MinuteCountsRepository } from '@app/dal';
import { latencyBucket } from './latency-histogram';

export const TREND_GROUP = {
  STATUS: 'status',
  LATENCY: 'latency',
  FAILURES: 'failures',
  PROVIDER_ERRORS: 'providerErrors',
} as const;

/** The reason counted for a failed or cancelled order that has none. */
export const UNKNOWN_REASON = 'UNKNOWN';

@Injectable()
export class OrderTrends {
  constructor(private readonly minutes: MinuteCountsRepository) {}

  /** An order reached `status` at `endedAt` (placed at `createdAt`). */
  orderEnded(status: string, reason: string | null, createdAt: Date, endedAt: Date): void {
    this.minutes.add(endedAt, TREND_GROUP.STATUS, status);
    this.minutes.add(endedAt, TREND_GROUP.LATENCY, latencyBucket(Math.max(0, endedAt.getTime() - createdAt.getTime())));
    if (status === ORDER_STATUS.FAILED || status === ORDER_STATUS.CANCELLED) this.minutes.add(endedAt, TREND_GROUP.FAILURES, reason ?? UNKNOWN_REASON);
  }

  /** A step found `provider` unavailable at `at`. */
  providerError(provider: string, at: Date): void {
    this.minutes.add(at, TREND_GROUP.PROVIDER_ERRORS, provider);
  }
}
