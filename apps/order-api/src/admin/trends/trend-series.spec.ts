import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldError } from '../../http/error-response.schema';
import { trendSeries } from './trend-series';
import { MAX_POINTS, parseTrendsRange } from './trends-range.query';

const at = (iso: string): Date => new Date(iso);
const minute = (iso: string, counts: Record<string, Record<string, number>>): { _id: string; at: Date; counts: Record<string, Record<string, number>> } => ({ _id: iso, at: at(iso), counts });

describe('trend series from the stored minutes', () => {
  it('has every point of the range, zero when nothing ended, and a series per terminal status and provider', () => {
    const view = trendSeries([minute('2025-01-01T10:01:00.000Z', { status: { COMPLETED: 3 }, latency: { le_1000: 3 } })], at('2025-01-01T10:00:00Z'), at('2025-01-01T10:03:00Z'), 1);
    assert.deepEqual(view.times, [Date.parse('2025-01-01T10:00:00Z'), Date.parse('2025-01-01T10:01:00Z'), Date.parse('2025-01-01T10:02:00Z')]);
    assert.equal(view.stepSeconds, 60);
    assert.deepEqual(view.ordersByStatus, { COMPLETED: [0, 3, 0], CANCELLED: [0, 0, 0], FAILED: [0, 0, 0] });
    assert.deepEqual(view.providerErrors, { payment: [0, 0, 0], mail: [0, 0, 0] });
    assert.deepEqual(view.failuresByReason, {});
    assert.deepEqual(view.latencyMs.p50, [null, 875, null]);
  });

  it('sums minutes into wider points, failures per reason, and reads percentiles from the summed histograms', () => {
    const minutes = [
      minute('2025-01-01T10:00:00.000Z', { status: { COMPLETED: 9, FAILED: 1 }, latency: { le_100: 9, le_10000: 1 }, failures: { PAYMENT_DECLINED: 1 }, providerErrors: { payment: 4 } }),
      minute('2025-01-01T10:01:00.000Z', { status: { CANCELLED: 1 }, latency: { le_10000: 1 }, failures: { CANCELLED_BY_CUSTOMER: 1 }, providerErrors: { mail: 2 } }),
      minute('2025-01-01T10:02:00.000Z', { status: { COMPLETED: 1 }, latency: { le_100: 1 } }),
    ];
    const view = trendSeries(minutes, at('2025-01-01T10:00:00Z'), at('2025-01-01T10:04:00Z'), 2);
    assert.equal(view.stepSeconds, 120);
    assert.deepEqual(view.ordersByStatus, { COMPLETED: [9, 1], CANCELLED: [1, 0], FAILED: [1, 0] });
    assert.deepEqual(view.failuresByReason, { PAYMENT_DECLINED: [1, 0], CANCELLED_BY_CUSTOMER: [1, 0] });
    assert.deepEqual(view.providerErrors, { payment: [4, 0], mail: [2, 0] });
    // First point: 9 fast (≤ 100 ms) and 2 slow (≤ 10 s) orders of two minutes together.
    const [p50, p99] = [view.latencyMs.p50[0] ?? 0, view.latencyMs.p99[0] ?? 0];
    assert.ok(p50 > 75 && p50 <= 100, `p50 ${p50}`);
    assert.ok(p99 > 7_499 && p99 <= 10_000, `p99 ${p99}`);
    assert.ok((view.latencyMs.p50[1] ?? 0) <= 100);
  });

  it('leaves out minutes outside the range', () => {
    const view = trendSeries([minute('2025-01-01T09:59:00.000Z', { status: { COMPLETED: 5 } }), minute('2025-01-01T10:01:00.000Z', { status: { COMPLETED: 5 } })], at('2025-01-01T10:00:00Z'), at('2025-01-01T10:01:00Z'), 1);
    assert.deepEqual(view.ordersByStatus['COMPLETED'], [0]);
  });
});

describe('the trends range (GET /admin/trends?from&to)', () => {
  const now = at('2025-01-01T12:00:30Z');
  const parse = (query: Record<string, unknown>): { range: ReturnType<typeof parseTrendsRange>; fields: FieldError[] } => {
    const fields: FieldError[] = [];
    return { range: parseTrendsRange(query, now, fields), fields };
  };

  it('defaults to the last 60 minutes up to the end of the minute in progress, one point a minute', () => {
    const { range, fields } = parse({});
    assert.deepEqual(fields, []);
    assert.deepEqual([range.from.toISOString(), range.to.toISOString(), range.stepMinutes], ['2025-01-01T11:01:00.000Z', '2025-01-01T12:01:00.000Z', 1]);
  });

  it('widens to whole minutes, and widens points past 24 hours so that no answer has more than MAX_POINTS', () => {
    assert.deepEqual(parse({ from: '2025-01-01T10:00:10Z', to: '2025-01-01T10:14:50Z' }).range.stepMinutes, 1);
    assert.equal(parse({ from: '2025-01-01T10:00:10Z' }).range.from.toISOString(), '2025-01-01T10:00:00.000Z');
    assert.equal(parse({ from: '2024-12-31T12:01:00Z' }).range.stepMinutes, 1, '24 hours: one point a minute');
    assert.equal(parse({ from: '2024-12-25T12:01:00Z' }).range.stepMinutes, 7);
    assert.ok(10_080 / parse({ from: '2024-12-25T12:01:00Z' }).range.stepMinutes <= MAX_POINTS);
  });

  it('refuses what is not a date, an empty or inverted range, more than 7 days, and unknown parameters', () => {
    assert.deepEqual(parse({ from: 'yesterday' }).fields, [{ path: 'from', message: 'must be an ISO date-time' }]);
    assert.deepEqual(parse({ from: '2025-01-01T12:00:00Z', to: '2025-01-01T11:00:00Z' }).fields, [{ path: 'from', message: 'must be before to' }]);
    assert.deepEqual(parse({ from: '2024-12-25T12:00:00Z', to: '2025-01-01T12:00:01Z' }).fields, [{ path: 'to', message: 'must be at most 7 days after from' }]);
    assert.deepEqual(parse({ from: '2024-12-25T12:01:00Z', to: '2025-01-01T12:01:00Z' }).fields, [], 'exactly 7 days');
    assert.deepEqual(parse({ step: '5' }).fields, [{ path: 'step', message: 'is not a parameter of trends (from, to)' }]);
    assert.deepEqual(parse({ from: ['a', 'b'] }).fields, [{ path: 'from', message: 'must be an ISO date-time' }]);
  });
});
