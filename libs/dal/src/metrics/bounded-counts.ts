/**
 * Counts per key, at most `capacity` keys at once (the Space-Saving summary of Metwally et al.):
 * a new key arriving when the summary is full replaces the key with the smallest count and
 * starts from that count. So memory stays bounded whatever the number of keys, every key counted
 * more than total / capacity times is kept, and a kept key's count is never below its true
 * count (it overestimates by at most the count it took over). With `capacity` at least the
 * number of keys (e.g. `Infinity` for a fixed set of counter names) every count is exact.
 */
export class BoundedCounts {
  private counts = new Map<string, number>();

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error(`capacity must be at least 1, got ${capacity}`);
  }

  get size(): number {
    return this.counts.size;
  }

  add(key: string, by = 1): void {
    const count = this.counts.get(key);
    if (count !== undefined || this.counts.size < this.capacity) {
      this.counts.set(key, (count ?? 0) + by);
      return;
    }
    let smallest: [string, number] | undefined;
    for (const entry of this.counts) if (smallest === undefined || entry[1] < smallest[1]) smallest = entry;
    if (smallest === undefined) return;
    this.counts.delete(smallest[0]);
    this.counts.set(key, smallest[1] + by);
  }

  /** Every kept key with its count, largest first; the summary is empty afterwards. */
  drain(): [string, number][] {
    const entries = [...this.counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    this.counts = new Map();
    return entries;
  }
}
