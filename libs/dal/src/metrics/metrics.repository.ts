/**
 * Counters shared by every process (stale jobs dropped, busy locks, recoveries...), kept in
 * MongoDB. Each process counts in memory and adds its counts to the stored ones every
 * FLUSH_INTERVAL_MS in one command (a bulk of `$inc` upserts), and on shutdown; so no event
 * costs a database write, and many processes can count at once without losing any.
 * `all()` flushes this process's counts first, so a process always reads its own.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { DUPLICATE_KEY, bulkOutcome } from '../bulk-outcome';

interface Counter {
  readonly _id: string;
  readonly value: number;
  readonly updatedAt: Date;
}

const FLUSH_INTERVAL_MS = 2_000;

@Injectable()
export class MetricsRepository implements OnApplicationShutdown {
  private readonly logger = new Logger(MetricsRepository.name);
  private readonly counters: Collection<Counter>;
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(@Inject(MONGO_DB) db: Db) {
    this.counters = db.collection<Counter>(COLLECTION.METRICS);
  }

  /** Counts an event; it reaches the database with the next flush. */
  increment(name: string, by = 1): void {
    this.pending.set(name, (this.pending.get(name) ?? 0) + by);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush().catch((error: unknown) => this.logger.warn(`metrics flush failed (kept for the next one): ${String(error)}`));
      }, FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Adds this process's counts to the stored counters (one command); counts that fail to write are kept. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => undefined).then(() => this.write());
    return this.flushing;
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
    clearTimeout(this.timer);
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending = new Map();
    const now = new Date();
    const statements = (entries: [string, number][]): AnyBulkWriteOperation<Counter>[] =>
      entries.map(([name, by]) => ({ updateOne: { filter: { _id: name }, update: { $inc: { value: by }, $set: { updatedAt: now } }, upsert: true } }));
    try {
      let outcome = await bulkOutcome(this.counters, statements(batch));
      // Two first writes of one counter at once: the one that collided updates on a second try.
      const collided = batch.filter((_, index) => outcome.errors.get(index)?.code === DUPLICATE_KEY);
      if (collided.length > 0) outcome = await bulkOutcome(this.counters, statements(collided));
      if (outcome.errors.size > 0) throw new Error([...outcome.errors.values()][0]?.message);
    } catch (error) {
      for (const [name, by] of batch) this.pending.set(name, (this.pending.get(name) ?? 0) + by);
      throw error;
    }
  }
}
