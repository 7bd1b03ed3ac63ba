/**
 * A small HDR-style latency histogram: values are kept in log-linear buckets (exact below
 * 2,048 µs, then 1,024 buckets per power of two: under 0.1 % relative error), so memory stays
 * constant however many values are recorded. Percentiles answer the highest value of their
 * bucket, as HdrHistogram does; min, max and mean are exact.
 */
const SUB_BUCKETS = 2_048;
const HALF = SUB_BUCKETS / 2;
const LOG2_SUB = 11;
/** Values are recorded in microseconds, up to 2^42 µs (about 50 days). */
const MAX_MICROS = 2 ** 42;

export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  private total = 0;
  private sum = 0;
  private minMs = Number.POSITIVE_INFINITY;
  private maxMs = 0;

  /** Records one latency in milliseconds (negative values count as 0). */
  record(ms: number): void {
    const value = Math.max(0, ms);
    const index = bucketOf(Math.min(MAX_MICROS, Math.round(value * 1000)));
    this.counts.set(index, (this.counts.get(index) ?? 0) + 1);
    this.total += 1;
    this.sum += value;
    this.minMs = Math.min(this.minMs, value);
    this.maxMs = Math.max(this.maxMs, value);
  }

  get count(): number {
    return this.total;
  }

  /** The latency (ms) at or below which `p` percent of the values fall; 0 when empty. */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (const index of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(index) ?? 0;
      if (seen >= rank) return Math.min(this.maxMs, highestOf(index) / 1000);
    }
    return this.maxMs;
  }

  summary(): LatencySummary {
    const empty = this.total === 0;
    return {
      count: this.total,
      min: empty ? 0 : this.minMs,
      mean: empty ? 0 : this.sum / this.total,
      p50: this.percentile(50),
      p75: this.percentile(75),
      p90: this.percentile(90),
      p95: this.percentile(95),
      p99: this.percentile(99),
      p999: this.percentile(99.9),
      max: this.maxMs,
    };
  }
}

function bitLength(value: number): number {
  return value < 2 ** 31 ? 32 - Math.clz32(value) : 31 + bitLength(Math.floor(value / 2 ** 31));
}

function bucketOf(micros: number): number {
  if (micros < SUB_BUCKETS) return micros;
  const shift = bitLength(micros) - LOG2_SUB;
  const top = Math.floor(micros / 2 ** shift);
  return SUB_BUCKETS + (shift - 1) * HALF + (top - HALF);
}

/** The highest value (µs) that falls in bucket `index`. */
function highestOf(index: number): number {
  if (index < SUB_BUCKETS) return index;
  const shift = Math.floor((index - SUB_BUCKETS) / HALF) + 1;
  const top = ((index - SUB_BUCKETS) % HALF) + HALF;
  return (top + 1) * 2 ** shift - 1;
}
