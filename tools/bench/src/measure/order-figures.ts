/**
 * Throughput and latency of a run from the stored timestamps (`createdAt` set by the API when
 * it accepted the order, `completedAt` set by the transition that made it terminal):
 *
 * - sustained orders/s = terminal orders completed between the 10th-percentile completion time
 *   and the last completion, divided by that span (the closed loop's first burst is left out);
 *   completed/s and cancelled/s over the same span;
 * - latency = completedAt - createdAt of every terminal order;
 * - a per-second series (by completion second since the first order) for the chart.
 */
import { ORDER_STATUS, isTerminal } from '@app/contracts';
import type { FinalOrder } from './final-orders';
import { LatencyHistogram, type LatencySummary } from './latency-histogram';

export interface OrderCounts {
  readonly terminal: number;
  readonly nonTerminal: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly failed: number;
  /** Cancelled and failed orders by reason. */
  readonly byReason: Readonly<Record<string, number>>;
}

export interface SustainedFigures {
  readonly ordersPerSecond: number;
  readonly completedPerSecond: number;
  readonly cancelledPerSecond: number;
  /** Length of the window the rates are taken over (10th-percentile completion → last). */
  readonly windowS: number;
  readonly windowOrders: number;
}

export interface SeriesPoint {
  /** Seconds since the first order was created. */
  readonly second: number;
  readonly created: number;
  readonly completed: number;
  readonly cancelled: number;
  readonly failed: number;
  /** Latency of the orders that became terminal in this second; 0 when none did. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface OrderFigures {
  readonly counts: OrderCounts;
  readonly sustained: SustainedFigures;
  readonly latencyMs: LatencySummary;
  readonly series: readonly SeriesPoint[];
}

interface Finished {
  readonly status: string;
  readonly createdAt: number;
  readonly completedAt: number;
}

export function orderFigures(orders: readonly FinalOrder[]): OrderFigures {
  const finished: Finished[] = orders
    .filter((order) => isTerminal(order.saga.status) && order.completedAt instanceof Date)
    .map((order) => ({ status: order.saga.status, createdAt: order.createdAt.getTime(), completedAt: (order.completedAt ?? order.createdAt).getTime() }))
    .sort((a, b) => a.completedAt - b.completedAt);
  const latency = new LatencyHistogram();
  for (const order of finished) latency.record(order.completedAt - order.createdAt);
  return { counts: counts(orders, finished.length), sustained: sustained(finished, orders), latencyMs: latency.summary(), series: series(orders, finished) };
}

function counts(orders: readonly FinalOrder[], terminal: number): OrderCounts {
  const byReason: Record<string, number> = {};
  let completed = 0;
  let cancelled = 0;
  let failed = 0;
  for (const order of orders) {
    if (order.saga.status === ORDER_STATUS.COMPLETED) completed += 1;
    else if (order.saga.status === ORDER_STATUS.CANCELLED) cancelled += 1;
    else if (order.saga.status === ORDER_STATUS.FAILED) failed += 1;
    if (order.saga.reason !== null && isTerminal(order.saga.status)) byReason[order.saga.reason] = (byReason[order.saga.reason] ?? 0) + 1;
  }
  return { terminal, nonTerminal: orders.length - terminal, completed, cancelled, failed, byReason };
}

function sustained(finished: readonly Finished[], orders: readonly FinalOrder[]): SustainedFigures {
  const last = finished.at(-1);
  if (last === undefined) return { ordersPerSecond: 0, completedPerSecond: 0, cancelledPerSecond: 0, windowS: 0, windowOrders: 0 };
  const startIndex = Math.floor(0.1 * (finished.length - 1));
  let from = finished[startIndex]?.completedAt ?? last.completedAt;
  let window = finished.slice(startIndex);
  if (last.completedAt - from <= 0) {
    // Too few orders for a window: fall back to first order created → last completion.
    from = firstCreated(orders);
    window = [...finished];
  }
  const seconds = Math.max(0.001, (last.completedAt - from) / 1000);
  const rate = (status: string | null): number => window.filter((order) => status === null || order.status === status).length / seconds;
  return {
    ordersPerSecond: rate(null),
    completedPerSecond: rate(ORDER_STATUS.COMPLETED),
    cancelledPerSecond: rate(ORDER_STATUS.CANCELLED),
    windowS: seconds,
    windowOrders: window.length,
  };
}

function series(orders: readonly FinalOrder[], finished: readonly Finished[]): SeriesPoint[] {
  if (orders.length === 0) return [];
  const origin = firstCreated(orders);
  const lastSecond = Math.floor(((finished.at(-1)?.completedAt ?? origin) - origin) / 1000);
  const buckets = Array.from({ length: lastSecond + 1 }, () => ({ created: 0, completed: 0, cancelled: 0, failed: 0, latency: new LatencyHistogram() }));
  for (const order of orders) {
    const bucket = buckets[Math.floor((order.createdAt.getTime() - origin) / 1000)];
    if (bucket !== undefined) bucket.created += 1;
  }
  for (const order of finished) {
    const bucket = buckets[Math.floor((order.completedAt - origin) / 1000)];
    if (bucket === undefined) continue;
    if (order.status === ORDER_STATUS.COMPLETED) bucket.completed += 1;
    else if (order.status === ORDER_STATUS.CANCELLED) bucket.cancelled += 1;
    else bucket.failed += 1;
    bucket.latency.record(order.completedAt - order.createdAt);
  }
  return buckets.map((bucket, second) => ({
    second,
    created: bucket.created,
    completed: bucket.completed,
    cancelled: bucket.cancelled,
    failed: bucket.failed,
    p50Ms: bucket.latency.percentile(50),
    p99Ms: bucket.latency.percentile(99),
  }));
}

function firstCreated(orders: readonly FinalOrder[]): number {
  return orders.reduce((first, order) => Math.min(first, order.createdAt.getTime()), Number.POSITIVE_INFINITY);
}
