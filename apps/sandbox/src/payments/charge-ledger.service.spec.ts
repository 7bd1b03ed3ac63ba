import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SandboxError } from '../common/sandbox.error';
import { ChargeLedger, type NewCharge } from './charge-ledger.service';

describe('ChargeLedger', () => {
  const newCharge = (overrides: Partial<NewCharge> = {}): NewCharge => ({
    amount: 1000,
    currency: 'usd',
    source: 'tok_visa',
    orderId: 'o1',
    description: null,
    idempotencyKey: 'k1',
    status: 'succeeded',
    failureCode: null,
    ...overrides,
  });
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      assert.ok(error instanceof SandboxError);
      return `${error.status} ${error.code} ${error.param ?? ''}`;
    }
    return assert.fail('expected a SandboxError');
  };

  it('lists charges in creation order, filtered by order id', () => {
    const ledger = new ChargeLedger();
    const a = ledger.record(newCharge());
    const b = ledger.record(newCharge({ orderId: 'o2' }));
    const c = ledger.record(newCharge());
    assert.deepEqual(ledger.list('o1').map((charge) => charge.id), [a.id, c.id]);
    assert.deepEqual(ledger.list().map((charge) => charge.id), [a.id, b.id, c.id]);
    assert.equal(ledger.find('ch_nope'), undefined);
  });

  it('hands out copies', () => {
    const ledger = new ChargeLedger();
    const charge = ledger.record(newCharge());
    ledger.refund(charge.id, 100, 'r1');
    assert.equal(charge.amountRefunded, 0);
    assert.equal(ledger.find(charge.id)?.amountRefunded, 100);
  });

  it('refunds what is left by default and refuses anything more', () => {
    const ledger = new ChargeLedger();
    const charge = ledger.record(newCharge());
    assert.equal(ledger.refund(charge.id, 400, 'r1').amount, 400);
    assert.equal(code(() => ledger.refund(charge.id, 601, 'r2')), '400 amount_too_large amount');
    assert.equal(ledger.refund(charge.id, undefined, 'r3').amount, 600);
    assert.deepEqual([ledger.find(charge.id)?.refunded, ledger.find(charge.id)?.refunds.length], [true, 2]);
    assert.equal(code(() => ledger.refund(charge.id, undefined, 'r4')), '400 charge_already_refunded charge');
  });

  it('refuses failed and unknown charges', () => {
    const ledger = new ChargeLedger();
    const failed = ledger.record(newCharge({ status: 'failed', failureCode: 'card_declined' }));
    assert.equal(code(() => ledger.refund(failed.id, undefined, 'r1')), '400 charge_not_refundable charge');
    assert.equal(code(() => ledger.refund('ch_nope', undefined, 'r2')), '404 resource_missing charge');
    assert.equal(ledger.find(failed.id)?.refunded, false);
  });
});
