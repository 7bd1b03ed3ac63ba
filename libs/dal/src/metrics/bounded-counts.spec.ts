/** The Space-Saving summary behind the console's busy SKUs: bounded, and it keeps the heavy hitters. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedCounts } from './bounded-counts';

describe('BoundedCounts', () => {
  it('counts exactly while there is room, and drains largest first', () => {
    const counts = new BoundedCounts(3);
    for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) counts.add(key);
    assert.deepEqual(counts.drain(), [['a', 3], ['b', 2], ['c', 1]]);
    assert.equal(counts.size, 0, 'a drain empties it');
  });

  it('never keeps more than its capacity: a new key takes over the smallest count', () => {
    const counts = new BoundedCounts(2);
    counts.add('a', 5);
    counts.add('b', 2);
    counts.add('c');
    assert.equal(counts.size, 2);
    assert.deepEqual(counts.drain(), [['a', 5], ['c', 3]], 'c replaced b and starts from its 2 (an overestimate, never an underestimate)');
  });

  it('keeps every key counted more than total / capacity times, however many others pass by', () => {
    const counts = new BoundedCounts(10);
    let seed = 7;
    const random = (): number => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    let total = 0;
    for (let i = 0; i < 20_000; i += 1) {
      // One hot SKU in every five events; the rest spread over 5,000 others.
      counts.add(i % 5 === 0 ? 'HOT' : `SKU-${Math.floor(random() * 5_000)}`);
      total += 1;
    }
    assert.equal(counts.size, 10);
    const [first] = counts.drain();
    assert.equal(first?.[0], 'HOT');
    assert.ok((first?.[1] ?? 0) >= total / 5, 'its count is at least its true count');
  });
});
