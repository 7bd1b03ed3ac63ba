import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdempotencyStore } from './idempotency.store';

describe('IdempotencyStore', () => {
  const response = { status: 200, body: { id: 'ch_1' } };

  it('claims an unknown key, says in_use until saved, then replays', () => {
    const store = new IdempotencyStore();
    assert.deepEqual(store.claim('k', 'POST /v1/charges', 'f1'), { kind: 'claimed' });
    assert.deepEqual(store.claim('k', 'POST /v1/charges', 'f1'), { kind: 'in_use' });
    store.save('k', response);
    assert.deepEqual(store.claim('k', 'POST /v1/charges', 'f1'), { kind: 'replay', response });
  });

  it('reports other parameters and other endpoints, in flight or saved', () => {
    const store = new IdempotencyStore();
    store.claim('k', 'POST /v1/charges', 'f1');
    assert.deepEqual(store.claim('k', 'POST /v1/charges', 'f2'), { kind: 'params_mismatch' });
    store.save('k', response);
    assert.deepEqual(store.claim('k', 'POST /v1/charges', 'f2'), { kind: 'params_mismatch' });
    assert.deepEqual(store.claim('k', 'POST /v1/refunds', 'f1'), { kind: 'endpoint_mismatch', endpoint: 'POST /v1/charges' });
  });

  it('forgets a released key so it can be claimed again, but never a saved one', () => {
    const store = new IdempotencyStore();
    store.claim('k', 'POST /v1/charges', 'f1');
    store.release('k');
    assert.deepEqual(store.claim('k', 'POST /v1/charges', 'f2'), { kind: 'claimed' });
    store.save('k', response);
    store.release('k');
    assert.equal(store.claim('k', 'POST /v1/charges', 'f2').kind, 'replay');
  });

  it('refuses to save an unclaimed key', () => {
    assert.throws(() => new IdempotencyStore().save('nope', response));
  });
});
