/**
 * Counts kept in memory and added to stored counters in one command every FLUSH_INTERVAL_MS (a
 * bulk of `$inc` upserts, one statement per key), and on demand: so that no event costs a
 * database write, and many processes can count at once without losing any. Between flushes at
 * most `capacity` keys are kept (see `BoundedCounts`). Counts whose write fails are kept for the
 * next flush; flushes never overlap.
 */
import { Logger } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { DUPLICATE_KEY, bulkOutcome } from '../bulk-outcome';
import { BoundedCounts } from './bounded-counts';

export const FLUSH_INTERVAL_MS = 2_000;

/** The upsert that adds `by` to the stored counter of `key`. */
export type IncrementStatement<T extends Document> = (key: string, by: number, now: Date) => AnyBulkWriteOperation<T>;

export class BufferedCounts<T extends Document> {
  private readonly logger: Logger;
  private pending: BoundedCounts;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly collection: Collection<T>,
    private readonly statement: IncrementStatement<T>,
    options: { readonly name: string; readonly capacity?: number },
  ) {
    this.logger = new Logger(options.name);
    this.pending = new BoundedCounts(options.capacity ?? Number.POSITIVE_INFINITY);
  }

  /** Counts an event; it reaches the database with the next flush. */
  add(key: string, by = 1): void {
    this.pending.add(key, by);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush().catch((error: unknown) => this.logger.warn(`flush failed (kept for the next one): ${String(error)}`));
      }, FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Adds this process's counts to the stored ones (one command); counts that fail to write are kept. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => undefined).then(() => this.write());
    return this.flushing;
  }

  /** Stops the timer and writes what is left (at shutdown). */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending.drain();
    const now = new Date();
    const statements = (entries: [string, number][]): AnyBulkWriteOperation<T>[] => entries.map(([key, by]) => this.statement(key, by, now));
    try {
      let outcome = await bulkOutcome(this.collection, statements(batch));
      // Two first writes of one counter at once: the one that collided updates on a second try.
      const collided = batch.filter((_, index) => outcome.errors.get(index)?.code === DUPLICATE_KEY);
      if (collided.length > 0) outcome = await bulkOutcome(this.collection, statements(collided));
      if (outcome.errors.size > 0) throw new Error([...outcome.errors.values()][0]?.message);
    } catch (error) {
      for (const [key, by] of batch) this.pending.add(key, by);
      throw error;
    }
  }
}
