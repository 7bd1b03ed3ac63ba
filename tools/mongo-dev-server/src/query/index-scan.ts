/**
 * Candidate primary keys from an ordered index. A scan is a set of streams: one contiguous
 * range of the index per combination of point values on the leading fields and interval on
 * the next field. Entries are filtered on the key values of later bounded fields before any
 * document is fetched (a non-multikey entry holds the document's exact values). Streams are
 * concatenated when no order is needed, otherwise walked in one direction and merged (a
 * k-way heap merge) in the index order of the fields from `mergeFrom` on — e.g. an `$in` on
 * the first field merged by the second field answers a sort on the second field.
 * Every entry read counts as one index key examined (`ServerStats.keysExamined`).
 */
import type { EntryPredicate, OrderedEntry, OrderedKeyList } from '../storage/ordered-key.list';
import { compareValues } from '../util/bson-value.util';
import type { ServerStats } from '../util/server-stats';
import type { Interval, IntervalList } from './index-bounds.util';
import { compareToBound, inIntervals } from './index-bounds.util';

export interface IndexStream {
  /** Values of the leading point fields. */
  readonly prefix: readonly unknown[];
  /** Interval on the field after the prefix (undefined: all of it, or no field left). */
  readonly range: Interval | undefined;
}

export interface IndexScanSpec {
  readonly list: OrderedKeyList;
  readonly streams: readonly IndexStream[];
  /** [field position, intervals] checked on each entry's key values. */
  readonly keyFilters: readonly (readonly [number, IntervalList])[];
  /** Undefined: any order. Otherwise the walk direction and the first field the merge orders by. */
  readonly order: { readonly forward: boolean; readonly mergeFrom: number } | undefined;
  /** A multikey index: one document may own entries in several streams; yield it once. */
  readonly dedupe?: boolean;
}

/** The stream's range as [atOrAfterStart, afterEnd] predicates over index order. */
function streamRange(list: OrderedKeyList, s: IndexStream): [EntryPredicate, EntryPredicate] {
  const dirs = list.dirs;
  const p = s.prefix.length;
  const range = s.range;
  if (range === undefined) return list.equalRange(s.prefix);
  const prefixCmp = (e: OrderedEntry): number => {
    for (let f = 0; f < p; f++) {
      const c = compareValues(e.values[f], s.prefix[f]);
      if (c !== 0) return dirs[f] < 0 ? -c : c;
    }
    return 0;
  };
  const d = dirs[p];
  const start = d < 0 ? range.hi : range.lo;
  const end = d < 0 ? range.lo : range.hi;
  return [
    (e) => {
      const c = prefixCmp(e);
      return c !== 0 ? c > 0 : compareToBound(e.values[p], start) * d >= 0;
    },
    (e) => {
      const c = prefixCmp(e);
      return c !== 0 ? c > 0 : compareToBound(e.values[p], end) * d > 0;
    },
  ];
}

/** Index entries in the scan's ranges (before key filters): the plan's cost estimate. */
export function countKeys(spec: IndexScanSpec): number {
  let n = 0;
  for (const s of spec.streams) n += spec.list.count(...streamRange(spec.list, s));
  return n;
}

export function* scanIndex(spec: IndexScanSpec, stats: ServerStats): Generator<string, void, undefined> {
  const { list, keyFilters, order } = spec;
  const forward = order?.forward ?? true;
  const walks = spec.streams.map((s) => {
    const [start, end] = streamRange(list, s);
    return list.walk(start, end, forward);
  });
  const entries = order === undefined || walks.length < 2 ? concat(walks) : merge(walks, mergeOrder(list, order.mergeFrom, forward));
  const seen = spec.dedupe === true ? new Set<string>() : undefined;
  for (const e of entries) {
    stats.keysExamined++;
    if (!keyFilters.every(([f, intervals]) => inIntervals(e.values[f], intervals))) continue;
    if (seen !== undefined) {
      if (seen.has(e.pk)) continue;
      seen.add(e.pk);
    }
    yield e.pk;
  }
}

function* concat(walks: Iterable<Iterable<OrderedEntry>>): Generator<OrderedEntry, void, undefined> {
  for (const w of walks) yield* w;
}

function mergeOrder(list: OrderedKeyList, from: number, forward: boolean): (a: OrderedEntry, b: OrderedEntry) => number {
  const dirs = list.dirs;
  const sign = forward ? 1 : -1;
  return (a, b) => {
    for (let f = from; f < dirs.length; f++) {
      const c = compareValues(a.values[f], b.values[f]);
      if (c !== 0) return c * dirs[f] * sign;
    }
    return (a.pk < b.pk ? -1 : a.pk > b.pk ? 1 : 0) * sign;
  };
}

interface Head {
  e: OrderedEntry;
  readonly walk: Iterator<OrderedEntry>;
}

/** k-way merge of individually ordered walks with a binary heap. */
function* merge(walks: readonly Iterator<OrderedEntry>[], cmp: (a: OrderedEntry, b: OrderedEntry) => number): Generator<OrderedEntry, void, undefined> {
  const heap: Head[] = [];
  const less = (i: number, j: number): boolean => cmp(heap[i].e, heap[j].e) < 0;
  const swap = (i: number, j: number): void => {
    const t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(l, m)) m = l;
      if (r < heap.length && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (const walk of walks) {
    const first = walk.next();
    if (first.done) continue;
    heap.push({ e: first.value, walk });
    for (let i = heap.length - 1; i > 0 && less(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
  }
  while (heap.length > 0) {
    const top = heap[0];
    yield top.e;
    const next = top.walk.next();
    if (next.done) {
      const last = heap.pop();
      if (heap.length === 0 || last === undefined) return;
      heap[0] = last;
    } else {
      top.e = next.value;
    }
    down(0);
  }
}
