/**
 * How counts reach MongoDB without a write per event, for every store of counts (the counters of
 * `metrics`, the per-minute trends of `metrics_minutes`, the busy SKUs of `busy_skus`): a process
 * adds counts in memory, per document and field, and FLUSH_INTERVAL_MS after the first one since
 * the last write they go in one command, a bulk of one `$inc` upsert per document (and on
 * shutdown: `close()`). Writes never overlap; counts whose write failed are kept and added to the
 * next one. Two processes creating the same document at once: the upsert that collided is sent
 * again, and updates. Between flushes at most `capacity` (document, field) pairs are kept (see
 * `BoundedCounts`; unbounded by default, for a fixed set of names).
 */
import { Logger } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { DUPLICATE_KEY, bulkOutcome } from '../bulk-outcome';
import { BoundedCounts } from './bounded-counts';

export const FLUSH_INTERVAL_MS = 2_000;

/** The rest of a document's update besides `$inc` (e.g. `$set: { updatedAt }`), given its `_id` and the flush's time. */
export type ExtraUpdate = (id: string, now: Date) => Document;

/** A stored document of counts: any fields, a string `_id`. */
export interface CountsDocument {
  readonly _id: string;
}

/** Separates a document's `_id` from a field name in one pending key; in neither. */
const SEPARATOR = '\u0000';

export class BufferedCounts {
  private readonly logger: Logger;
  private readonly pending: BoundedCounts;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly collection: Collection<CountsDocument>,
    private readonly extra: ExtraUpdate,
    options: { readonly name: string; readonly capacity?: number },
  ) {
    this.logger = new Logger(options.name);
    this.pending = new BoundedCounts(options.capacity ?? Number.POSITIVE_INFINITY);
  }

  /** Adds `by` to `field` of document `id`; it reaches the database with the next flush. */
  add(id: string, field: string, by = 1): void {
    this.pending.add(`${id}${SEPARATOR}${field}`, by);
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

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const drained = this.pending.drain();
    const byDocument = new Map<string, Record<string, number>>();
    for (const [key, by] of drained) {
      const [id = '', field = ''] = key.split(SEPARATOR);
      const fields = byDocument.get(id) ?? {};
      fields[field] = (fields[field] ?? 0) + by;
      byDocument.set(id, fields);
    }
    const batch = [...byDocument];
    const now = new Date();
    const statements = (entries: [string, Record<string, number>][]): AnyBulkWriteOperation<CountsDocument>[] =>
      entries.map(([id, fields]) => ({ updateOne: { filter: { _id: id }, update: { ...this.extra(id, now), $inc: fields }, upsert: true } }));
    try {
      let outcome = await bulkOutcome(this.collection, statements(batch));
      const collided = batch.filter((_, index) => outcome.errors.get(index)?.code === DUPLICATE_KEY);
      if (collided.length > 0) outcome = await bulkOutcome(this.collection, statements(collided));
      if (outcome.errors.size > 0) throw new Error([...outcome.errors.values()][0]?.message);
    } catch (error) {
      for (const [key, by] of drained) this.pending.add(key, by);
      throw error;
    }
  }
}
