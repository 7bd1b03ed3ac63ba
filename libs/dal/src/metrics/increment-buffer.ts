/**
 * How counts reach MongoDB without a write per event, for every store of counts (the counters
 * of `metrics`, the per-minute trends of `metrics_minutes`): a process adds counts in memory, per
 * document and field, and FLUSH_INTERVAL_MS after the first one since the last write they go in
 * one command, a bulk of one `$inc` upsert per document (and on shutdown: `flush()`). Writes
 * never overlap; counts whose write failed are kept and added to the next one. Two processes
 * creating the same document at once: the upsert that collided is sent again, and updates.
 */
import type { Logger } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { DUPLICATE_KEY, bulkOutcome } from '../bulk-outcome';

const FLUSH_INTERVAL_MS = 2_000;

/** The rest of a document's update besides `$inc` (e.g. `$set: { updatedAt }`), given its `_id` and the flush's time. */
export type ExtraUpdate = (id: string, now: Date) => Document;

export class IncrementBuffer {
  private pending = new Map<string, Map<string, number>>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly collection: Collection<{ _id: string }>,
    private readonly extra: ExtraUpdate,
    private readonly logger: Logger,
  ) {}

  /** Adds `by` to `field` of document `id`; it reaches the database with the next flush. */
  add(id: string, field: string, by = 1): void {
    this.merge(id, [[field, by]]);
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush().catch((error: unknown) => this.logger.warn(`counts not written (kept for the next flush): ${String(error)}`));
      }, FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Writes this process's counts (one command); counts that fail to write are kept. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => undefined).then(() => this.write());
    return this.flushing;
  }

  /** Stops the timer and writes what is left (shutdown). */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private merge(id: string, fields: Iterable<[string, number]>): void {
    let counts = this.pending.get(id);
    if (counts === undefined) this.pending.set(id, (counts = new Map<string, number>()));
    for (const [field, by] of fields) counts.set(field, (counts.get(field) ?? 0) + by);
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending];
    this.pending = new Map();
    const now = new Date();
    const statements = (entries: [string, Map<string, number>][]): AnyBulkWriteOperation<{ _id: string }>[] =>
      entries.map(([id, counts]) => ({ updateOne: { filter: { _id: id }, update: { ...this.extra(id, now), $inc: Object.fromEntries(counts) }, upsert: true } }));
    try {
      let outcome = await bulkOutcome(this.collection, statements(batch));
      const collided = batch.filter((_, index) => outcome.errors.get(index)?.code === DUPLICATE_KEY);
      if (collided.length > 0) outcome = await bulkOutcome(this.collection, statements(collided));
      if (outcome.errors.size > 0) throw new Error([...outcome.errors.values()][0]?.message);
    } catch (error) {
      for (const [id, counts] of batch) this.merge(id, counts);
      throw error;
    }
  }
}
