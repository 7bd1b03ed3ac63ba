/**
 * Counters shared by every process (stale jobs dropped, busy locks, recoveries...), kept in
 * MongoDB. Each process counts in memory and adds its counts to the stored ones every
 * 2 s in one command (a bulk of `$inc` upserts: `BufferedCounts`), and on shutdown; so no event
 * costs a database write, and many processes can count at once without losing any.
 * `all()` flushes this process's counts first, so a process always reads its own.
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { bulkOutcome } from '../bulk-outcome';
import { BufferedCounts } from './buffered-counts';

interface Counter {
  readonly _id: string;
  readonly value: number;
  readonly updatedAt: Date;
}

@Injectable()
export class MetricsRepository implements OnApplicationShutdown {
  private readonly counters: Collection<Counter>;
  private readonly buffer: BufferedCounts;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.counters = db.collection<Counter>(COLLECTION.METRICS);
    this.buffer = new BufferedCounts(db.collection(COLLECTION.METRICS), (_id, now) => ({ $set: { updatedAt: now } }), { name: MetricsRepository.name });
  }

  /** Counts an event; it reaches the database with the next flush. */
  increment(name: string, by = 1): void {
    this.buffer.add(name, 'value', by);
  }

  /** Adds this process's counts to the stored counters (one command); counts that fail to write are kept. */
  flush(): Promise<void> {
    return this.buffer.flush();
  }

  async all(): Promise<Record<string, number>> {
    await this.flush();
    const rows = await this.counters.find({}).sort({ _id: 1 }).toArray();
    return Object.fromEntries(rows.map((row) => [row._id, row.value]));
  }

  /** Sets counters to the given values (e.g. after a recount); this process's unflushed counts are added on top later. */
  async set(values: Readonly<Record<string, number>>, now = new Date()): Promise<void> {
    const statements: AnyBulkWriteOperation<Counter>[] = Object.entries(values).map(([name, value]) => ({ updateOne: { filter: { _id: name }, update: { $set: { value, updatedAt: now } }, upsert: true } }));
    const outcome = await bulkOutcome(this.counters, statements);
    if (outcome.errors.size > 0) throw new Error(`setting counters failed: ${[...outcome.errors.values()][0]?.message ?? ''}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.buffer.close();
  }
}
