/**
 * Counters shared by every process (stale jobs dropped, busy locks, recoveries...), kept in
 * MongoDB and incremented with `$inc` so that many workers can count at once without losing any.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { retryOnDuplicateKey } from '../mongo-errors';

interface Counter {
  readonly _id: string;
  readonly value: number;
  readonly updatedAt: Date;
}

@Injectable()
export class MetricsRepository {
  private readonly counters: Collection<Counter>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.counters = db.collection<Counter>(COLLECTION.METRICS);
  }

  async increment(name: string, by = 1, now = new Date()): Promise<void> {
    await retryOnDuplicateKey(() => this.counters.updateOne({ _id: name }, { $inc: { value: by }, $set: { updatedAt: now } }, { upsert: true }));
  }

  async all(): Promise<Record<string, number>> {
    const rows = await this.counters.find({}).sort({ _id: 1 }).toArray();
    return Object.fromEntries(rows.map((row) => [row._id, row.value]));
  }
}
