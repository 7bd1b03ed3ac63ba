/**
 * Which SKUs make stock steps wait: busy re-queues (a job that found an item's lock or fence
 * held by another worker) counted per SKU, for the console's top-K. Counted like the metrics
 * (see `BufferedCounts`): in memory, at most BUSY_SKUS_PER_FLUSH SKUs per process between two
 * flushes (a Space-Saving summary: a SKU busy more than 1/50 of the time is always kept), and
 * added every 2 s in one bulk of `$inc` upserts; no job costs a database command.
 *
 * Stored as one document per SKU per minute (`busy_skus`, `_id` = `<minute>|<sku>`), removed by
 * the TTL index on `minute` an hour later. `top` sums the minutes of a recent window on that same
 * index and answers the SKUs with the most re-queues; the window holds at most (minutes) ×
 * (distinct busy SKUs a minute) documents, and SKUs only go busy under contention, so few.
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { DatabaseClock } from '../clock/database-clock';
import { BufferedCounts } from '../metrics/buffered-counts';
import { minuteOf } from '../metrics/minute';

export interface BusySkuMinute {
  readonly _id: string;
  readonly sku: string;
  /** The minute (database clock) the re-queues were flushed in. */
  readonly minute: Date;
  readonly count: number;
}

export interface BusySku {
  readonly sku: string;
  readonly busyRequeues: number;
}

/** SKUs one process keeps between two flushes. */
export const BUSY_SKUS_PER_FLUSH = 50;

@Injectable()
export class BusySkuRepository implements OnApplicationShutdown {
  private readonly minutes: Collection<BusySkuMinute>;
  private readonly pending: BufferedCounts;

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly clock: DatabaseClock,
  ) {
    this.minutes = db.collection<BusySkuMinute>(COLLECTION.BUSY_SKUS);
    this.pending = new BufferedCounts(
      db.collection(COLLECTION.BUSY_SKUS),
      (id) => {
        const [minute = '', sku = ''] = splitId(id);
        return { $setOnInsert: { sku, minute: new Date(minute) } };
      },
      { name: BusySkuRepository.name, capacity: BUSY_SKUS_PER_FLUSH },
    );
  }

  /** A job found `sku` busy and was re-queued; reaches the database with the next flush. */
  requeued(sku: string): void {
    this.pending.add(`${minuteOf(this.clock.now()).toISOString()}|${sku}`, 'count');
  }

  flush(): Promise<void> {
    return this.pending.flush();
  }

  /** The `limit` SKUs with the most busy re-queues in the minutes from `since` on (index `busy_minute`). */
  top(since: Date, limit: number): Promise<BusySku[]> {
    return this.minutes
      .aggregate<BusySku>([
        { $match: { minute: { $gte: minuteOf(since) } } },
        { $group: { _id: '$sku', busyRequeues: { $sum: '$count' } } },
        { $sort: { busyRequeues: -1, _id: 1 } },
        { $limit: limit },
        { $project: { _id: 0, sku: '$_id', busyRequeues: 1 } },
      ])
      .toArray();
  }

  onApplicationShutdown(): Promise<void> {
    return this.pending.close();
  }
}

/** `<minute ISO>|<sku>` → [minute, sku] (a SKU has no `|`). */
function splitId(id: string): [string, string] {
  const bar = id.indexOf('|');
  return [id.slice(0, bar), id.slice(bar + 1)];
}

