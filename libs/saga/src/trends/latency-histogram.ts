/**
 * Submit→terminal latency as a histogram of fixed, log-spaced buckets, so that per-minute
 * histograms can be summed (over processes, over minutes) and p50/p95/p99 read from the sum:
 * percentiles themselves cannot be added up. Eight buckets per decade from 10 ms to 10^8 ms
 * (about 28 hours) plus one for anything longer: each bucket's upper bound is 1.33 times the
 * one before, so a percentile read within its bucket is off by a third of its value at most.
 * Bucket keys are field names (`le_<upper bound in ms>`, `le_inf`); pure, no I/O.
 */

const PER_DECADE = 8;
const DECADES = 7;

/** Upper bounds in ms (10, 13, 18, 24, 32, 42, 56, 75, 100, 133, …, 10^8), ascending. */
export const LATENCY_BOUNDS_MS: readonly number[] = Array.from({ length: DECADES * PER_DECADE + 1 }, (_, i) => Math.round(10 ** (1 + i / PER_DECADE)));

export const OVERFLOW_BUCKET = 'le_inf';

const bucketKey = (bound: number): string => `le_${bound}`;

/** The bucket a latency falls in: the first whose upper bound is at least `ms`. */
export function latencyBucket(ms: number): string {
  let low = 0;
  let high = LATENCY_BOUNDS_MS.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((LATENCY_BOUNDS_MS[middle] ?? Infinity) >= ms) high = middle;
    else low = middle + 1;
  }
  const bound = LATENCY_BOUNDS_MS[low];
  return bound === undefined ? OVERFLOW_BUCKET : bucketKey(bound);
}

/** Bucket counts added up (two minutes, or two processes' counts of one minute). */
export function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): Record<string, number> {
  for (const [key, n] of Object.entries(counts)) into[key] = (into[key] ?? 0) + n;
  return into;
}

/**
 * The `q`-quantile (0 < q ≤ 1) of a histogram, in ms, interpolated linearly within its bucket
 * (as Prometheus's `histogram_quantile` does); null when the histogram is empty. In the
 * overflow bucket it is that bucket's lower bound (10^8 ms): "at least that long". Unknown keys
 * are ignored.
 */
export function latencyPercentile(counts: Readonly<Record<string, number>>, q: number): number | null {
  const ordered: [lower: number, upper: number, n: number][] = [];
  let lower = 0;
  for (const bound of LATENCY_BOUNDS_MS) {
    ordered.push([lower, bound, counts[bucketKey(bound)] ?? 0]);
    lower = bound;
  }
  ordered.push([lower, lower, counts[OVERFLOW_BUCKET] ?? 0]);
  const total = ordered.reduce((sum, [, , n]) => sum + n, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let below = 0;
  for (const [low, high, n] of ordered) {
    if (n > 0 && below + n >= rank) return Math.round(low + ((high - low) * (rank - below)) / n);
    below += n;
  }
  return lower;
}
