import type { RedisNode } from '@app/config';

export const QUEUE_OPTIONS = Symbol('QUEUE_OPTIONS');

export interface QueueOptions {
  readonly redisUrl: string;
  /** A Redis Cluster's seed nodes; undefined = the standalone Redis at `redisUrl`. */
  readonly redisClusterNodes?: readonly RedisNode[] | undefined;
  /** Hash-tagged (`{saga}`) on a cluster: config validation refuses a cluster without it. */
  readonly prefix: string;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  /** A job that failed for good stays in the failed set this long (FAILED_JOB_RETENTION_DAYS; unset = its default). */
  readonly failedJobRetentionDays?: number;
}
