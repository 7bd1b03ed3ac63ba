/**
 * The console's trends: counts per minute, one document per minute for the whole cluster
 * (`metrics_minutes`, `_id` = the minute in ISO form, `at` = its start), holding groups of
 * counts: `counts.<group>.<key>` (e.g. `counts.status.COMPLETED`, `counts.latency.le_1000`; what
 * the groups are is the saga's business, see `@app/saga` OrderTrends). Written like the counters:
 * each process adds in memory and every 2 s sends one bulk of `$inc` upserts, one per minute it
 * counted in (`BufferedCounts`) — never a write per order. A minute's document gets an
 * `expiresAt` TRENDS_RETENTION_DAYS after the minute when it is created, and the TTL index
 * removes it then; reads are a range on `at` (index `at`), at most one document per minute.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { retentionMs, type RetentionConfig } from '@app/config';
import { COLLECTION } from '../collections';
import { DATA_RETENTION, MONGO_DB } from '../mongo.tokens';
import { BufferedCounts } from '../metrics/buffered-counts';
import { MINUTE_MS, minuteOf } from '../metrics/minute';

export interface MinuteCounts {
  /** The minute in ISO form, e.g. `2025-01-31T12:34:00.000Z`. */
  readonly _id: string;
  /** The start of the minute. */
  readonly at: Date;
  /** Group → key → count, e.g. `{ status: { COMPLETED: 12 }, latency: { le_1000: 12 } }`. */
  readonly counts: Readonly<Record<string, Readonly<Record<string, number>>>>;
}


/** A group or key that is a safe field name: no `.`, no leading `$`, not empty. */
const FIELD_NAME = /^[A-Za-z0-9_-]{1,64}$/;

@Injectable()
export class MinuteCountsRepository implements OnApplicationShutdown {
  private readonly minutes: Collection<MinuteCounts & { readonly expiresAt: Date }>;
  private readonly buffer: BufferedCounts;
  private readonly logger = new Logger(MinuteCountsRepository.name);

  constructor(@Inject(MONGO_DB) db: Db, @Inject(DATA_RETENTION) retention: RetentionConfig) {
    this.minutes = db.collection(COLLECTION.METRICS_MINUTES);
    const keep = retentionMs(retention.trendDays);
    this.buffer = new BufferedCounts(
      db.collection(COLLECTION.METRICS_MINUTES),
      (id) => {
        const at = new Date(id);
        return { $setOnInsert: { at, expiresAt: new Date(at.getTime() + keep) } };
      },
      { name: MinuteCountsRepository.name },
    );
  }

  /** Counts `by` under `group.key` in the minute of `at`; it reaches the database with the next flush. A name that is not a safe field name is not counted. */
  add(at: Date, group: string, key: string, by = 1): void {
    if (!FIELD_NAME.test(group) || !FIELD_NAME.test(key)) {
      this.logger.warn(`not counted in the trends (not a field name): ${group}.${key}`);
      return;
    }
    this.buffer.add(minuteOf(at).toISOString(), `counts.${group}.${key}`, by);
  }

  /** Writes this process's counts now (tests; shutdown does it too). */
  flush(): Promise<void> {
    return this.buffer.flush();
  }

  /** The minutes that have counts, from `from` (inclusive) to `to` (exclusive), oldest first (index `at`). */
  range(from: Date, to: Date): Promise<MinuteCounts[]> {
    const limit = Math.ceil((to.getTime() - from.getTime()) / MINUTE_MS) + 1;
    return this.minutes.find({ at: { $gte: from, $lt: to } }, { projection: { at: 1, counts: 1 } }).sort({ at: 1 }).limit(limit).toArray();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.buffer.close();
  }
}
