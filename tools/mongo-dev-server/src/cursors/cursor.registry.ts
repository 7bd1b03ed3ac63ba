/**
 * Server-side cursors for find/aggregate/list* results. A cursor wraps a lazy source of
 * reply-ready documents; batches are cut by count (batchSize; first batch default 101) and
 * by size (16 MiB). A cursor is reported with id 0 once nothing is left, so drivers do not
 * issue a needless getMore. Idle cursors are dropped after 10 minutes (like mongod).
 */
import { Long, calculateObjectSize } from 'bson';
import type { Doc } from '../storage/doc.types';
import { ErrorCode, fail } from '../util/command.error';
import { Limits } from '../wire/wire.constants';

export const DEFAULT_FIRST_BATCH = 101;
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;
const BATCH_BYTES = Limits.maxBsonObjectSize - 64 * 1024;

/** Pulls the next document, or undefined when exhausted. */
export type DocSource = () => Doc | undefined;

export function sourceOf(it: Iterator<Doc>): DocSource {
  return () => {
    const r = it.next();
    return r.done ? undefined : r.value;
  };
}

/** Applied to each batch before it is returned (e.g. projection). */
export type BatchTransform = (docs: Doc[]) => Doc[];

interface OpenCursor {
  readonly id: number;
  readonly ns: string;
  readonly next: DocSource;
  readonly transform: BatchTransform | undefined;
  /** `noCursorTimeout`: never dropped for idleness. */
  readonly noTimeout: boolean;
  /** Document read ahead to learn whether the cursor is exhausted. */
  peeked: Doc | undefined;
  lastUsed: number;
}

export interface Batch {
  readonly cursorId: Long;
  readonly ns: string;
  readonly docs: Doc[];
}

export class CursorRegistry {
  private readonly open = new Map<number, OpenCursor>();
  private nextId = Math.floor(Math.random() * 1e9) * 1000 + 1;

  /** Cuts the first batch; registers a cursor only if more documents remain. */
  firstBatch(ns: string, next: DocSource, batchSize: number | undefined, singleBatch: boolean, transform?: BatchTransform, noTimeout = false): Batch {
    const cursor: OpenCursor = { id: 0, ns, next, transform, noTimeout, peeked: undefined, lastUsed: Date.now() };
    const docs = this.take(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    if (singleBatch || cursor.peeked === undefined) return { cursorId: Long.ZERO, ns, docs };
    this.expireIdle();
    const id = this.nextId++;
    this.open.set(id, { ...cursor, id });
    return { cursorId: Long.fromNumber(id), ns, docs };
  }

  getMore(id: number, ns: string, batchSize: number | undefined): Batch {
    const cursor = this.open.get(id);
    if (!cursor) fail(ErrorCode.CursorNotFound, `cursor id ${id} not found`);
    if (cursor.ns !== ns) {
      fail(13, `Requested getMore on namespace '${ns}', but cursor belongs to a different namespace ${cursor.ns}`);
    }
    cursor.lastUsed = Date.now();
    const docs = this.take(cursor, batchSize !== undefined && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER);
    if (cursor.peeked === undefined) {
      this.open.delete(id);
      return { cursorId: Long.ZERO, ns, docs };
    }
    return { cursorId: Long.fromNumber(id), ns, docs };
  }

  kill(id: number): boolean {
    return this.open.delete(id);
  }

  get size(): number {
    return this.open.size;
  }

  clear(): void {
    this.open.clear();
  }

  /** Takes up to `max` documents (0 = none, only learn whether more exist). */
  private take(cursor: OpenCursor, max: number): Doc[] {
    const docs: Doc[] = [];
    let bytes = 0;
    let doc = cursor.peeked ?? cursor.next();
    cursor.peeked = undefined;
    while (doc !== undefined) {
      if (docs.length >= max) {
        cursor.peeked = doc;
        break;
      }
      const size = calculateObjectSize(doc);
      if (docs.length > 0 && bytes + size > BATCH_BYTES) {
        cursor.peeked = doc;
        break;
      }
      bytes += size;
      docs.push(doc);
      doc = cursor.next();
    }
    return cursor.transform && docs.length > 0 ? cursor.transform(docs) : docs;
  }

  private expireIdle(): void {
    if (this.open.size < 64) return;
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [id, c] of this.open) if (c.lastUsed < cutoff && !c.noTimeout) this.open.delete(id);
  }
}
