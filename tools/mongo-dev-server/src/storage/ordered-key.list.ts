/**
 * The ordered side of a secondary index: its entries (key values + primary key) kept in
 * index order — field by field with mongod's BSON comparison (`compareValues`) times the
 * field's direction, ties broken by primary key — as sorted chunks (a list of small sorted
 * arrays, i.e. a one-level B+tree). Insert and remove cost O(log n + chunk size), not the
 * O(n) move of one big sorted array. Supports counting a contiguous range and walking it in
 * either direction; a walk survives writes made between two steps (cursors, writes while
 * iterating) by re-seeking just past the last entry it returned, as mongod's index cursors do.
 *
 * Ranges are given as two monotone predicates over index order: `atOrAfterStart` (false for
 * every entry before the range, true from its first entry on) and `afterEnd` (false up to
 * the range's last entry, true after it).
 */
import { compareValues } from '../util/bson-value.util';

export interface OrderedEntry {
  /** One value per index field (undefined = missing, indexed like null). */
  readonly values: readonly unknown[];
  readonly pk: string;
}

export type EntryPredicate = (e: OrderedEntry) => boolean;

interface Pos {
  readonly ci: number;
  readonly i: number;
}

/** Chunks are split when they exceed 2 × CHUNK entries. */
const CHUNK = 256;

export class OrderedKeyList {
  private readonly chunks: OrderedEntry[][] = [];
  /** Last entry of each chunk (binary search over chunks). */
  private readonly lasts: OrderedEntry[] = [];
  /** Number of entries before each chunk; rebuilt lazily after a change. */
  private starts: number[] | undefined;
  private total = 0;
  /** Bumped on every change; a walk re-seeks when it moved. */
  private version = 0;

  /** `dirs`: 1 or -1 per index field. */
  constructor(readonly dirs: readonly number[]) {}

  get size(): number {
    return this.total;
  }

  /**
   * Index order of two entries. 0 means same values and pk: two entries of one multikey
   * document whose elements compare equal but have different keys (e.g. a string and a
   * symbol) — interchangeable, since a document's entries are always removed together.
   */
  compare(a: OrderedEntry, b: OrderedEntry): number {
    const dirs = this.dirs;
    for (let f = 0; f < dirs.length; f++) {
      const c = compareValues(a.values[f], b.values[f]);
      if (c !== 0) return dirs[f] < 0 ? -c : c;
    }
    return a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0;
  }

  /** Range of the entries whose values compare equal to `values` (a prefix of the fields). */
  equalRange(values: readonly unknown[]): [EntryPredicate, EntryPredicate] {
    const dirs = this.dirs;
    const cmp = (e: OrderedEntry): number => {
      for (let f = 0; f < values.length; f++) {
        const c = compareValues(e.values[f], values[f]);
        if (c !== 0) return dirs[f] < 0 ? -c : c;
      }
      return 0;
    };
    return [(e) => cmp(e) >= 0, (e) => cmp(e) > 0];
  }

  insert(e: OrderedEntry): void {
    this.changed(1);
    if (this.chunks.length === 0) {
      this.chunks.push([e]);
      this.lasts.push(e);
      return;
    }
    let ci = this.firstChunk((x) => this.compare(x, e) >= 0);
    if (ci === this.chunks.length) ci--;
    const chunk = this.chunks[ci];
    const i = firstIndex(chunk, (x) => this.compare(x, e) >= 0);
    chunk.splice(i, 0, e);
    if (i === chunk.length - 1) this.lasts[ci] = e;
    if (chunk.length > 2 * CHUNK) {
      const right = chunk.splice(CHUNK);
      this.chunks.splice(ci + 1, 0, right);
      this.lasts[ci] = chunk[chunk.length - 1];
      this.lasts.splice(ci + 1, 0, right[right.length - 1]);
    }
  }

  /** Removes an entry equal to `e` (same values and pk); false if absent. */
  remove(e: OrderedEntry): boolean {
    const ci = this.firstChunk((x) => this.compare(x, e) >= 0);
    if (ci === this.chunks.length) return false;
    const chunk = this.chunks[ci];
    const i = firstIndex(chunk, (x) => this.compare(x, e) >= 0);
    if (i === chunk.length || this.compare(chunk[i], e) !== 0) return false;
    this.changed(-1);
    chunk.splice(i, 1);
    if (chunk.length === 0) {
      this.chunks.splice(ci, 1);
      this.lasts.splice(ci, 1);
      return true;
    }
    if (i === chunk.length) this.lasts[ci] = chunk[chunk.length - 1];
    // keep chunks from fragmenting: fold a small chunk into its right neighbour
    const next = this.chunks[ci + 1];
    if (chunk.length < CHUNK / 4 && next !== undefined && chunk.length + next.length <= 2 * CHUNK) {
      next.unshift(...chunk);
      this.chunks.splice(ci, 1);
      this.lasts.splice(ci, 1);
    }
    return true;
  }

  /** Number of entries in the range. */
  count(atOrAfterStart: EntryPredicate, afterEnd: EntryPredicate): number {
    return Math.max(0, this.rank(this.seek(afterEnd)) - this.rank(this.seek(atOrAfterStart)));
  }

  /**
   * Entries of the range in index order (`forward`) or reverse. Writes between two steps are
   * allowed: the walk then resumes after (before) the last entry it returned.
   */
  *walk(atOrAfterStart: EntryPredicate, afterEnd: EntryPredicate, forward: boolean): Generator<OrderedEntry, void, undefined> {
    let version = this.version;
    let pos = forward ? this.seek(atOrAfterStart) : this.before(this.seek(afterEnd));
    for (;;) {
      const e = this.at(pos);
      if (e === undefined || (forward ? afterEnd(e) : !atOrAfterStart(e))) return;
      yield e;
      if (this.version === version) {
        pos = forward ? this.after(pos) : this.before(pos);
      } else {
        version = this.version;
        pos = forward ? this.seek((x) => this.compare(x, e) > 0) : this.before(this.seek((x) => this.compare(x, e) >= 0));
      }
    }
  }

  /** Every entry in index order (tests and diagnostics). */
  *entries(): Generator<OrderedEntry, void, undefined> {
    for (const chunk of this.chunks) yield* chunk;
  }

  private changed(delta: number): void {
    this.total += delta;
    this.version++;
    this.starts = undefined;
  }

  /** First chunk whose last entry satisfies `pred` (chunks.length if none). */
  private firstChunk(pred: EntryPredicate): number {
    return firstIndex(this.lasts, pred);
  }

  /** Position of the first entry satisfying a monotone predicate (end position if none). */
  private seek(pred: EntryPredicate): Pos {
    const ci = this.firstChunk(pred);
    if (ci === this.chunks.length) return { ci, i: 0 };
    return { ci, i: firstIndex(this.chunks[ci], pred) };
  }

  private at(p: Pos): OrderedEntry | undefined {
    return p.ci >= 0 ? this.chunks[p.ci]?.[p.i] : undefined;
  }

  private after(p: Pos): Pos {
    const chunk = this.chunks[p.ci];
    return chunk !== undefined && p.i + 1 < chunk.length ? { ci: p.ci, i: p.i + 1 } : { ci: p.ci + 1, i: 0 };
  }

  private before(p: Pos): Pos {
    if (p.i > 0) return { ci: p.ci, i: p.i - 1 };
    const prev = this.chunks[p.ci - 1];
    return prev === undefined ? { ci: -1, i: 0 } : { ci: p.ci - 1, i: prev.length - 1 };
  }

  private rank(p: Pos): number {
    if (p.ci >= this.chunks.length) return this.total;
    if (this.starts === undefined) {
      const starts = new Array<number>(this.chunks.length);
      let n = 0;
      for (let c = 0; c < this.chunks.length; c++) {
        starts[c] = n;
        n += this.chunks[c].length;
      }
      this.starts = starts;
    }
    return this.starts[p.ci] + p.i;
  }
}

/** First index whose element satisfies a monotone predicate (length if none). */
function firstIndex<T>(xs: readonly T[], pred: (x: T) => boolean): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pred(xs[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
