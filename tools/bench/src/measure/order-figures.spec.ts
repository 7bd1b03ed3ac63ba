import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { OrderStatus } from '@app/contracts';
import type { FinalOrder } from './final-orders';
import { orderFigures } from './order-figures';

function order(id: number, createdMs: number, completedMs: number | null, status: OrderStatus = 'COMPLETED'): FinalOrder {
  return {
    _id: `o${id}`,
    items: [{ sku: 'A', quantity: 1 }],
    saga: { status, reason: status === 'CANCELLED' ? 'OUT_OF_STOCK' : null },
    createdAt: new Date(createdMs),
    ...(completedMs === null ? {} : { completedAt: new Date(completedMs) }),
  };
}

describe('orderFigures', () => {
  it('takes the sustained rate from the 10th-percentile completion to the last', () => {
    // 11 orders created at 0, completed at 1,000, 2,000, ..., 11,000 ms: the 10th percentile is
    // the second completion, so 10 orders over 2,000 → 11,000 ms.
    const orders = Array.from({ length: 11 }, (_, i) => order(i, 0, (i + 1) * 1000, i % 2 === 0 ? 'COMPLETED' : 'CANCELLED'));
    const figures = orderFigures(orders);
    assert.equal(figures.sustained.windowS, 9);
    assert.equal(figures.sustained.windowOrders, 10);
    assert.equal(figures.sustained.ordersPerSecond, 10 / 9);
    assert.equal(figures.sustained.completedPerSecond, 5 / 9);
    assert.equal(figures.sustained.cancelledPerSecond, 5 / 9);
    assert.equal(figures.latencyMs.max, 11_000);
    assert.ok(Math.abs(figures.latencyMs.p50 - 6_000) <= 6, String(figures.latencyMs.p50)); // histogram: within 0.1 %
    assert.deepEqual(figures.counts, { terminal: 11, nonTerminal: 0, completed: 6, cancelled: 5, failed: 0, byReason: { OUT_OF_STOCK: 5 } });
  });

  it('counts orders that are not terminal and leaves them out of rates and latency', () => {
    const figures = orderFigures([order(1, 0, 500), order(2, 100, 900), order(3, 200, null, 'RESERVED')]);
    assert.equal(figures.counts.nonTerminal, 1);
    assert.equal(figures.counts.terminal, 2);
    assert.equal(figures.latencyMs.count, 2);
    assert.deepEqual(figures.series.map((point) => [point.second, point.created, point.completed]), [[0, 3, 2]]);
  });
});
