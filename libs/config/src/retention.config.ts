/**
 * How long finished data is kept (see docs/scaling.md, "Data lifecycle"). Each period starts
 * when an order ends COMPLETED or CANCELLED (a FAILED order waits for an operator and keeps
 * everything; an order in flight is never removed), or when a BullMQ job fails for good.
 *
 * The minimums are what correctness needs, and are enforced here:
 *  - an order: its Idempotency-Key is honoured exactly as long as the order exists, and a job
 *    that loaded it before a freeze must still meet its ledger when it wakes; the design's
 *    outer bound on such a freeze is the payment provider's key window (Stripe: 24 hours, see
 *    README "Money"). 7 days: a week of client retries, seven times that bound;
 *  - the reservation ledger (and its RELEASED tombstones): never shorter than the order's
 *    (both start at the same moment), so a tombstone always outlives its order;
 *  - the notification outbox: a record guards its message against a second send while a
 *    duplicate job could still run (a lease of at most an hour, retries for at most
 *    RETRY_WINDOW_MS, at most a day) and past the same 24-hour freeze bound: 2 days;
 *  - failed jobs: nothing depends on them (the recovery sweep adds a removed job again under
 *    its id); kept a day at least for people to read;
 *  - the console's per-minute trends (`metrics_minutes`): nothing depends on them; a day at
 *    least, so that the widest chart (24 hours) is whole.
 */
import { EnvReader } from './env-reader';

export interface RetentionConfig {
  /** ORDER_RETENTION_DAYS: a COMPLETED or CANCELLED order is removed this long after it ended. */
  readonly orderDays: number;
  /** RESERVATION_RETENTION_DAYS: its reservation ledger records and tombstones, from the same moment. */
  readonly reservationDays: number;
  /** NOTIFICATION_RETENTION_DAYS: its notification outbox records, from the same moment. */
  readonly notificationDays: number;
  /** FAILED_JOB_RETENTION_DAYS: a BullMQ job in the failed set, from its failure. */
  readonly failedJobDays: number;
  /** TRENDS_RETENTION_DAYS: a minute of the console's trends (`metrics_minutes`), from that minute. */
  readonly trendDays: number;
}

export const RETENTION_MINIMUM_DAYS = { order: 7, notification: 2, failedJob: 1, trend: 1 } as const;

const MAX_DAYS = 36_500;

export function readRetention(env: EnvReader): RetentionConfig {
  const orderDays = env.integer('ORDER_RETENTION_DAYS', 90, RETENTION_MINIMUM_DAYS.order, MAX_DAYS);
  const config: RetentionConfig = {
    orderDays,
    reservationDays: env.integer('RESERVATION_RETENTION_DAYS', orderDays, RETENTION_MINIMUM_DAYS.order, MAX_DAYS),
    notificationDays: env.integer('NOTIFICATION_RETENTION_DAYS', 30, RETENTION_MINIMUM_DAYS.notification, MAX_DAYS),
    failedJobDays: env.integer('FAILED_JOB_RETENTION_DAYS', 14, RETENTION_MINIMUM_DAYS.failedJob, MAX_DAYS),
    trendDays: env.integer('TRENDS_RETENTION_DAYS', 14, RETENTION_MINIMUM_DAYS.trend, MAX_DAYS),
  };
  env.require(config.reservationDays >= orderDays, 'RESERVATION_RETENTION_DAYS', `must not be below ORDER_RETENTION_DAYS (${orderDays}): a tombstone must outlive its order`);
  return config;
}

/** Milliseconds of a retention in days. */
export function retentionMs(days: number): number {
  return days * 86_400_000;
}

/** The defaults, for code that is given no configuration (tests of a single repository). */
export const DEFAULT_RETENTION: RetentionConfig = readRetention(new EnvReader({}));
