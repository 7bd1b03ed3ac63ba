/**
 * OrderedKeyList (the ordered side of a secondary index) against a brute-force model: after
 * random inserts and removes its entries are exactly the model's, sorted; counts and walks of
 * random ranges in both directions match; a walk interleaved with writes stays in order and
 * returns every entry present for the whole walk. Unit test: no I/O.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OrderedKeyList } from '../src/storage/ordered-key.list';
import type { OrderedEntry } from '../src/storage/ordered-key.list';
import { compareValues } from '../src/util/bson-value.util';
import { rng } from './seeded-random';

const VALUES: unknown[] = [null, undefined, 1, 2.5, -3, 'a', 'b', 'ab', true, false, new Date(5), new Date(-5), { x: 1 }];

describe('OrderedKeyList', () => {
  const random = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const randomEntry = (): OrderedEntry => ({ values: [pick(VALUES), Math.floor(random() * 50)], pk: `p${Math.floor(random() * 400)}` });

  function model(list: OrderedKeyList, entries: OrderedEntry[]): OrderedEntry[] {
    return entries.slice().sort((a, b) => list.compare(a, b));
  }

  it('keeps exactly the inserted entries in index order through random inserts and removes', () => {
    for (const dirs of [[1, 1], [-1, 1], [1, -1]]) {
      const list = new OrderedKeyList(dirs);
      let present: OrderedEntry[] = [];
      for (let step = 0; step < 6000; step++) {
        if (present.length > 0 && random() < 0.4) {
          const victim = pick(present);
          assert.equal(list.remove(victim), true);
          present = present.filter((e) => e !== victim);
        } else {
          const e = randomEntry();
          if (present.some((x) => list.compare(x, e) === 0)) continue; // the index never inserts a (values, pk) twice
          list.insert(e);
          present.push(e);
        }
      }
      assert.equal(list.remove({ values: ['zzz', -1], pk: 'none' }), false);
      const actual = [...list.entries()];
      assert.equal(list.size, present.length);
      assert.deepEqual(actual, model(list, present));
      for (let i = 1; i < actual.length; i++) assert.ok(list.compare(actual[i - 1], actual[i]) < 0, 'strictly increasing');
    }
  });

  it('counts and walks random ranges in both directions like a filter over the sorted model', () => {
    const list = new OrderedKeyList([1, -1]);
    const present: OrderedEntry[] = [];
    for (let i = 0; i < 3000; i++) {
      const e = randomEntry();
      if (present.some((x) => list.compare(x, e) === 0)) continue;
      list.insert(e);
      present.push(e);
    }
    const sorted = model(list, present);
    for (let n = 0; n < 300; n++) {
      const first = pick(VALUES);
      const lo = Math.floor(random() * 50);
      const hi = lo + Math.floor(random() * 20);
      // range: values[0] == first, values[1] within [lo, hi] (field 1 descending in index order)
      const inRange = (e: OrderedEntry): boolean => compareValues(e.values[0], first) === 0 && (e.values[1] as number) >= lo && (e.values[1] as number) <= hi;
      const start = (e: OrderedEntry): boolean => {
        const c = compareValues(e.values[0], first);
        return c !== 0 ? c > 0 : (e.values[1] as number) <= hi;
      };
      const end = (e: OrderedEntry): boolean => {
        const c = compareValues(e.values[0], first);
        return c !== 0 ? c > 0 : (e.values[1] as number) < lo;
      };
      const expected = sorted.filter(inRange);
      assert.equal(list.count(start, end), expected.length);
      assert.deepEqual([...list.walk(start, end, true)], expected);
      assert.deepEqual([...list.walk(start, end, false)], expected.slice().reverse());
    }
  });

  it('a walk interleaved with writes stays ordered and sees every entry present throughout', () => {
    for (const forward of [true, false]) {
      const list = new OrderedKeyList([1, 1]);
      const present = new Set<OrderedEntry>();
      for (let i = 0; i < 2000; i++) {
        const e = randomEntry();
        if ([...present].some((x) => list.compare(x, e) === 0)) continue;
        list.insert(e);
        present.add(e);
      }
      const all = () => true;
      const none = () => false;
      const stable = new Set(present);
      const seen: OrderedEntry[] = [];
      for (const e of list.walk(all, none, forward)) {
        seen.push(e);
        // between steps: remove a random entry (maybe the current one) and insert a new one
        const victim = [...present][Math.floor(random() * present.size)];
        list.remove(victim);
        present.delete(victim);
        stable.delete(victim);
        const fresh = randomEntry();
        if (![...present].some((x) => list.compare(x, fresh) === 0)) {
          list.insert(fresh);
          present.add(fresh);
        }
      }
      for (let i = 1; i < seen.length; i++) {
        const c = list.compare(seen[i - 1], seen[i]);
        assert.ok(forward ? c < 0 : c > 0, 'walk order kept across writes');
      }
      const seenSet = new Set(seen);
      for (const e of stable) assert.ok(seenSet.has(e), 'an entry present for the whole walk was returned');
    }
  });
});
