import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyHistogram } from './latency-histogram';

describe('LatencyHistogram', () => {
  it('answers exact percentiles for small values and exact min, max, mean', () => {
    const histogram = new LatencyHistogram();
    for (let ms = 1; ms <= 100; ms += 1) histogram.record(ms / 1000);
    const summary = histogram.summary();
    assert.equal(summary.count, 100);
    assert.equal(summary.min, 0.001);
    assert.equal(summary.max, 0.1);
    assert.ok(Math.abs(summary.mean - 0.0505) < 1e-9);
    assert.equal(summary.p50, 0.05);
    assert.equal(summary.p99, 0.099);
  });

  it('keeps large values within 0.1 % and never answers above the maximum', () => {
    const histogram = new LatencyHistogram();
    const values = [3, 17, 250, 999, 4_321, 65_000, 1_234_567];
    for (const value of values) histogram.record(value);
    for (const [index, value] of values.entries()) {
      const p = ((index + 1) / values.length) * 100;
      const answer = histogram.percentile(p);
      assert.ok(answer >= value * 0.999 && answer <= value * 1.001, `${p}: ${answer} vs ${value}`);
    }
    assert.equal(histogram.percentile(100), 1_234_567);
  });

  it('is all zeros when empty and counts negative values as 0', () => {
    assert.deepEqual(new LatencyHistogram().summary(), { count: 0, min: 0, mean: 0, p50: 0, p75: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0 });
    const histogram = new LatencyHistogram();
    histogram.record(-5);
    assert.equal(histogram.percentile(50), 0);
  });
});
