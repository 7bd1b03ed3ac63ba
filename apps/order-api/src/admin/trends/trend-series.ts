/**
 * The console's charts from the stored minutes (pure): one point per `stepMinutes` from `from`
 * to `to`, every point present (zero when nothing ended then), counts summed over the minutes
 * of a point and latency percentiles read from their summed histograms (never averaged).
 * Terminal statuses and outside providers always have a series; reasons only when some order
 * failed for one in the range.
 */
import { OUTSIDE_PROVIDER, TERMINAL_STATUSES } from '@app/contracts';
import { MINUTE_MS, type MinuteCounts } from '@app/dal';
import { TREND_GROUP, addCounts, latencyPercentile } from '@app/saga';

export const PERCENTILES = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

export interface TrendsView {
  /** Start of the first point and end of the last (ISO). */
  readonly from: string;
  readonly to: string;
  /** Each point covers this many seconds (60, more for ranges longer than MAX_POINTS minutes). */
  readonly stepSeconds: number;
  /** Start of each point, Unix epoch milliseconds. */
  readonly times: number[];
  /** Orders that reached each terminal status, per point. */
  readonly ordersByStatus: Record<string, number[]>;
  /** Placement → terminal status of the orders that ended in the point, in ms (null: none ended). */
  readonly latencyMs: Record<keyof typeof PERCENTILES, (number | null)[]>;
  /** Orders that ended FAILED or CANCELLED, per reason. */
  readonly failuresByReason: Record<string, number[]>;
  /** Steps that found an outside provider unavailable, per provider. */
  readonly providerErrors: Record<string, number[]>;
}

/** `minutes`: oldest first, each within [from, to); `from` and `to` on minute boundaries. */
export function trendSeries(minutes: readonly MinuteCounts[], from: Date, to: Date, stepMinutes: number): TrendsView {
  const stepMs = stepMinutes * MINUTE_MS;
  const points = Math.max(0, Math.ceil((to.getTime() - from.getTime()) / stepMs));
  const times = Array.from({ length: points }, (_, i) => from.getTime() + i * stepMs);
  const zeros = (): number[] => new Array<number>(points).fill(0);
  const series = (names: readonly string[]): Record<string, number[]> => Object.fromEntries(names.map((name) => [name, zeros()]));
  const ordersByStatus = series(TERMINAL_STATUSES);
  const failuresByReason: Record<string, number[]> = {};
  const providerErrors = series(Object.values(OUTSIDE_PROVIDER));
  const histograms = times.map((): Record<string, number> => ({}));

  const addGroup = (into: Record<string, number[]>, counts: Readonly<Record<string, number>> | undefined, point: number): void => {
    for (const [key, n] of Object.entries(counts ?? {})) {
      const line = (into[key] ??= zeros());
      line[point] = (line[point] ?? 0) + n;
    }
  };
  for (const minute of minutes) {
    const point = Math.floor((minute.at.getTime() - from.getTime()) / stepMs);
    if (point < 0 || point >= points) continue;
    addGroup(ordersByStatus, minute.counts[TREND_GROUP.STATUS], point);
    addGroup(failuresByReason, minute.counts[TREND_GROUP.FAILURES], point);
    addGroup(providerErrors, minute.counts[TREND_GROUP.PROVIDER_ERRORS], point);
    addCounts(histograms[point] ?? {}, minute.counts[TREND_GROUP.LATENCY] ?? {});
  }
  const latencyMs = Object.fromEntries(Object.entries(PERCENTILES).map(([name, q]) => [name, histograms.map((histogram) => latencyPercentile(histogram, q))])) as TrendsView['latencyMs'];
  return { from: from.toISOString(), to: to.toISOString(), stepSeconds: stepMs / 1_000, times, ordersByStatus, latencyMs, failuresByReason, providerErrors };
}
