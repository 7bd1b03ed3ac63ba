import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LATENCY_BOUNDS_MS, OVERFLOW_BUCKET, addCounts, latencyBucket, latencyPercentile } from './latency-histogram';

describe('the latency histogram', () => {
  it('has log-spaced bounds from 10 ms to 10^8 ms, each at most a third above the one before', () => {
    assert.equal(LATENCY_BOUNDS_MS[0], 10);
    assert.equal(LATENCY_BOUNDS_MS.at(-1), 100_000_000);
    assert.deepEqual(LATENCY_BOUNDS_MS.slice(0, 9), [10, 13, 18, 24, 32, 42, 56, 75, 100]);
    for (let i = 1; i < LATENCY_BOUNDS_MS.length; i += 1) {
      const ratio = (LATENCY_BOUNDS_MS[i] ?? 0) / (LATENCY_BOUNDS_MS[i - 1] ?? 1);
      assert.ok(ratio > 1.2 && ratio < 1.4, `bound ${i}: ratio ${ratio}`);
    }
  });

  it('puts a latency in the first bucket whose upper bound is at least it', () => {
    assert.equal(latencyBucket(0), 'le_10');
    assert.equal(latencyBucket(10), 'le_10');
    assert.equal(latencyBucket(11), 'le_13');
    assert.equal(latencyBucket(1_000), 'le_1000');
    assert.equal(latencyBucket(1_001), 'le_1334');
    assert.equal(latencyBucket(100_000_000), 'le_100000000');
    assert.equal(latencyBucket(100_000_001), OVERFLOW_BUCKET);
  });

  it('reads percentiles from the buckets, interpolating within one, and none from an empty histogram', () => {
    assert.equal(latencyPercentile({}, 0.5), null);
    assert.equal(latencyPercentile({ le_1000: 0 }, 0.5), null);
    // 100 orders between 750 and 1000 ms: the median half-way through the bucket.
    assert.equal(latencyPercentile({ le_1000: 100 }, 0.5), 875);
    assert.equal(latencyPercentile({ le_1000: 100 }, 1), 1_000);
    // 90 fast, 10 slow: p50 among the fast, p95 and p99 among the slow.
    const counts = { le_100: 90, le_10000: 10 };
    const p50 = latencyPercentile(counts, 0.5) ?? 0;
    assert.ok(p50 > 75 && p50 <= 100, `p50 ${p50}`);
    const p95 = latencyPercentile(counts, 0.95) ?? 0;
    const p99 = latencyPercentile(counts, 0.99) ?? 0;
    assert.ok(p95 > 7_499 && p95 < p99 && p99 <= 10_000, `p95 ${p95}, p99 ${p99}`);
    assert.equal(latencyPercentile({ [OVERFLOW_BUCKET]: 3 }, 0.99), 100_000_000, 'past the last bound: at least that long');
    assert.equal(latencyPercentile({ le_10: 1, not_a_bucket: 1_000 }, 0.99), 10, 'unknown keys are ignored');
  });

  it('keeps each recorded latency within its bucket when read back', () => {
    for (const ms of [5, 42, 250, 1_234, 59_000, 3_600_000]) {
      const p = latencyPercentile({ [latencyBucket(ms)]: 1 }, 1) ?? 0;
      assert.ok(p >= ms && p <= Math.max(10, ms * 1.34), `${ms} ms read back as ${p}`);
    }
  });

  it('sums histograms (of two processes or two minutes) bucket by bucket', () => {
    assert.deepEqual(addCounts({ le_10: 1, le_13: 2 }, { le_13: 3, le_inf: 1 }), { le_10: 1, le_13: 5, le_inf: 1 });
  });
});
