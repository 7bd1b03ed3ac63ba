/**
 * `$set`, `$unset` and a plain `$push` applied directly give what mingo gives: for many random
 * stored documents (nested documents, arrays, nulls, dates, scalars on the way, `constructor` as a
 * field name) and random operators, paths and values, the document ends byte for byte the same
 * and the change is reported the same; what the direct path does not take, it leaves untouched.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ObjectId, serialize } from 'bson';
import type { Doc } from '../storage/doc.types';
import { applyOneWithMingo } from './mingo.adapter';
import { applySimpleOperator } from './simple-update.operator';
import { rng } from '../../test/seeded-random';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isEqual } = require('mingo/util') as { isEqual: (a: unknown, b: unknown) => boolean };

function pickWith<T>(random: () => number, xs: readonly T[]): T {
  return xs[Math.floor(random() * xs.length)];
}

/** The same document every time for the same seed (two copies: one for each path). */
function storedDoc(seed: number): Doc {
  const random = rng(seed);
  const leaf = (): unknown => pickWith(random, [1, 0, 'x', '', true, null, new Date(5), new ObjectId('656565656565656565656565'), [1, 'x'], [{ a: 1 }]]);
  const value = (depth: number): unknown => (depth < 2 && random() < 0.4 ? Object.fromEntries(['a', 'b', 'constructor'].filter(() => random() < 0.6).map((k) => [k, value(depth + 1)])) : leaf());
  const doc: Doc = { _id: seed };
  for (const name of ['a', 'b', 'n', 's', 'list', 'constructor']) if (random() < 0.7) doc[name] = value(0);
  return doc;
}

const OPS = ['$set', '$set', '$unset', '$push', '$push', '$inc'];
const PATHS = ['a', 'b', 'a.b', 'a.b.c', 'n.x', 's.x', 'list', 'list.0', 'list.a', 'new', 'new.deep.er', 'constructor', 'a.constructor', 'constructor.x', 'a.$', '__proto__.x'];

function valueFor(random: () => number): unknown {
  return pickWith(random, [1, 'x', null, true, new Date(7), { a: 1 }, { a: 1, b: [2] }, [1, 2], [], { $each: [1, 2] }, { step: 'S', at: new Date(9) }]);
}

describe('simple update operators', () => {
  it('change a document as mingo does, or leave it to mingo untouched', () => {
    const random = rng(20261203);
    let direct = 0;
    let changed = 0;
    for (let round = 0; round < 20_000; round++) {
      const op = pickWith(random, OPS);
      const path = pickWith(random, PATHS);
      const value = op === '$unset' ? '' : valueFor(random);
      const mine = storedDoc(round);
      const before = Buffer.from(serialize(mine));
      const outcome = applySimpleOperator(mine, op, path, value, isEqual);
      const what = `${op} ${path} ${JSON.stringify(value)} on ${JSON.stringify(storedDoc(round))}`;
      if (outcome === undefined) {
        assert.deepEqual(Buffer.from(serialize(mine)), before, `left to mingo untouched: ${what}`);
        continue;
      }
      direct += 1;
      const theirs = storedDoc(round);
      let reported: string[];
      try {
        reported = applyOneWithMingo(theirs, op, path, value, undefined, undefined);
      } catch (err) {
        assert.fail(`mingo refuses what the direct path took: ${what}: ${String(err)}`);
      }
      assert.equal(outcome, reported.length > 0, `reported change: ${what}`);
      assert.deepEqual(Buffer.from(serialize(mine)), Buffer.from(serialize(theirs)), `same document: ${what}`);
      if (outcome) changed += 1;
    }
    assert.ok(direct > 8_000, `the direct path takes most of these (${direct})`);
    assert.ok(changed > 4_000, `and they change documents (${changed})`);
  });

  it('stores a copy of a document or an array it sets, and pushes the value itself', () => {
    const doc: Doc = { _id: 1, history: [] };
    const saga = { version: 2, started: ['A'] };
    const entry = { step: 'A' };
    assert.equal(applySimpleOperator(doc, '$set', 'saga', saga, isEqual), true);
    assert.equal(applySimpleOperator(doc, '$push', 'history', entry, isEqual), true);
    assert.notEqual(doc['saga'], saga);
    assert.deepEqual(doc['saga'], saga);
    assert.equal((doc['history'] as unknown[])[0], entry);
    assert.equal(applySimpleOperator(doc, '$set', 'saga', { version: 2, started: ['A'] }, isEqual), false, 'an equal value changes nothing');
  });
});
