import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newId } from './new-id';

describe('newId', () => {
  it('gives Stripe-looking ids, each one different, across many refills of its random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => newId('pi'));
    for (const id of ids) assert.match(id, /^pi_[0-9a-f]{24}$/);
    assert.equal(new Set(ids).size, ids.length);
  });
});
