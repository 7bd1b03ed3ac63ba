/** The stock pass's decisions, without I/O. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FencedStock } from '@app/dal';
import { planLedger, planStock, type FencedSkus } from './stock-pass.plan';
import type { StockRequest } from './stock-request';

function stock(sku: string, available: number, holds: Record<string, number> = {}): FencedStock {
  return { sku, fence: 7, available, unitPrice: 100, holds };
}

describe('stock pass plan', () => {
  it('serves reserves in arrival order, all or nothing, and holds nothing for a rejected order', () => {
    const skus: FencedSkus = new Map([['A', stock('A', 3)], ['B', stock('B', 1)]]);
    const requests: StockRequest[] = [
      { kind: 'RESERVE', orderId: 'o1', items: [{ sku: 'A', quantity: 2 }] },
      { kind: 'RESERVE', orderId: 'o2', items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 2 }] },
      { kind: 'RESERVE', orderId: 'o3', items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }] },
      { kind: 'RESERVE', orderId: 'o4', items: [{ sku: 'A', quantity: 1 }] },
    ];
    const ledger = planLedger(requests, skus);
    assert.deepEqual(ledger.answers.get(0), { kind: 'DONE', amount: 200 });
    assert.deepEqual(ledger.answers.get(1), { kind: 'REJECTED', reason: 'OUT_OF_STOCK', message: 'B: fewer than 2 available', nothingHeld: false });
    assert.deepEqual(ledger.answers.get(2), { kind: 'DONE', amount: 200 });
    assert.equal(ledger.answers.get(3)?.kind, 'REJECTED', 'A is used up by o1 and o3');
    assert.deepEqual(
      ledger.entries.map((entry) => `${entry.action} ${entry.orderId}:${entry.sku}`),
      ['RESERVE o1:A', 'REJECT o2:A', 'REJECT o2:B', 'RESERVE o3:A', 'RESERVE o3:B', 'REJECT o4:A'],
      'a rejected order gets a REJECTED record on every item',
    );

    const plan = planStock(requests, skus, ledger, ['RESERVED', 'REJECTED', 'REJECTED', 'RESERVED', 'RESERVED', 'REJECTED']);
    assert.deepEqual(plan.answers.get(1), { kind: 'REJECTED', reason: 'OUT_OF_STOCK', message: 'B: fewer than 2 available', nothingHeld: true });
    assert.deepEqual(plan.changes, [
      { sku: 'A', fence: 7, reserve: [{ orderId: 'o1', quantity: 2 }, { orderId: 'o3', quantity: 1 }], commit: [], release: [] },
      { sku: 'B', fence: 7, reserve: [{ orderId: 'o3', quantity: 1 }], commit: [], release: [] },
    ]);
  });

  it('says nothing is held only when the ledger proves it for every item', () => {
    const skus: FencedSkus = new Map([['A', stock('A', 5, { o1: 1 })], ['B', stock('B', 0)]]);
    // o1's earlier attempt held A (its record is RESERVED); o2 has no record yet; o3 met its own earlier rejection
    const requests: StockRequest[] = [
      { kind: 'RESERVE', orderId: 'o1', items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }] },
      { kind: 'RESERVE', orderId: 'o2', items: [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }] },
      { kind: 'RESERVE', orderId: 'o3', items: [{ sku: 'A', quantity: 1 }] },
    ];
    const ledger = planLedger(requests, skus);
    assert.deepEqual(ledger.entries.map((entry) => `${entry.action} ${entry.orderId}:${entry.sku}`), ['REJECT o1:A', 'REJECT o1:B', 'REJECT o2:A', 'REJECT o2:B', 'RESERVE o3:A']);
    const plan = planStock(requests, skus, ledger, ['RESERVED', 'REJECTED', 'REJECTED', 'REJECTED', 'REJECTED']);
    assert.deepEqual(plan.answers.get(0), { kind: 'REJECTED', reason: 'OUT_OF_STOCK', message: 'B: fewer than 1 available', nothingHeld: false }, 'A may be held: RELEASE_STOCK must run');
    assert.deepEqual(plan.answers.get(1), { kind: 'REJECTED', reason: 'OUT_OF_STOCK', message: 'B: fewer than 1 available', nothingHeld: true });
    assert.deepEqual(plan.answers.get(2), { kind: 'REJECTED', reason: 'OUT_OF_STOCK', message: 'an earlier attempt of this step found too little stock', nothingHeld: true }, 'that decision stands');
    assert.deepEqual(plan.changes, [], 'a rejected order holds nothing');
  });

  it('treats a hold from an earlier attempt as held, and a busy item as busy, and an unknown SKU as rejected', () => {
    const skus: FencedSkus = new Map<string, FencedStock | null | 'BUSY'>([['A', stock('A', 0, { o1: 2 })], ['B', 'BUSY'], ['C', null]]);
    const requests: StockRequest[] = [
      { kind: 'RESERVE', orderId: 'o1', items: [{ sku: 'A', quantity: 2 }] },
      { kind: 'RESERVE', orderId: 'o2', items: [{ sku: 'B', quantity: 1 }] },
      { kind: 'RESERVE', orderId: 'o3', items: [{ sku: 'C', quantity: 1 }] },
    ];
    const ledger = planLedger(requests, skus);
    assert.deepEqual(ledger.answers.get(0), { kind: 'DONE', amount: 200 });
    assert.deepEqual(ledger.answers.get(1), { kind: 'BUSY', sku: 'B' });
    assert.equal(ledger.answers.get(2)?.kind, 'REJECTED');
    const plan = planStock(requests, skus, ledger, ['RESERVED']);
    assert.deepEqual(plan.changes, [], 'the hold is already there');
    assert.deepEqual(plan.answers.get(0), { kind: 'DONE', amount: 200 });
  });

  it('stops a late reserve that meets a tombstone, commits held quantities, and never releases a committed one', () => {
    const skus: FencedSkus = new Map([['A', stock('A', 5, { late: 1, buyer: 2, committed: 1 })]]);
    const requests: StockRequest[] = [
      { kind: 'RESERVE', orderId: 'late', items: [{ sku: 'A', quantity: 1 }] },
      { kind: 'COMMIT', orderId: 'buyer', items: [{ sku: 'A', quantity: 2 }] },
      { kind: 'RELEASE', orderId: 'committed', items: [{ sku: 'A', quantity: 1 }] },
    ];
    const ledger = planLedger(requests, skus);
    const plan = planStock(requests, skus, ledger, ['RELEASED', 'COMMITTED', 'COMMITTED']);
    assert.equal(plan.answers.get(0)?.kind, 'FAILED');
    assert.deepEqual(plan.answers.get(1), { kind: 'DONE', amount: 0 });
    assert.deepEqual(plan.answers.get(2), { kind: 'DONE', amount: 0 });
    assert.deepEqual(plan.changes, [{ sku: 'A', fence: 7, reserve: [], commit: [{ orderId: 'buyer', quantity: 2 }], release: [] }]);
  });

  it('fails a commit whose ledger has nothing committed and whose SKU is gone', () => {
    const skus: FencedSkus = new Map<string, FencedStock | null | 'BUSY'>([['A', stock('A', 5)], ['GONE', null]]);
    const requests: StockRequest[] = [
      { kind: 'COMMIT', orderId: 'o1', items: [{ sku: 'A', quantity: 1 }] },
      { kind: 'COMMIT', orderId: 'o2', items: [{ sku: 'GONE', quantity: 1 }] },
    ];
    const ledger = planLedger(requests, skus);
    assert.equal(ledger.answers.get(1)?.kind, 'FAILED');
    const plan = planStock(requests, skus, ledger, [null]);
    assert.equal(plan.answers.get(0)?.kind, 'FAILED');
    assert.deepEqual(plan.changes, []);
  });
});
