/**
 * The equality fast path answers exactly as mingo does: for many random stored documents (nested
 * objects, arrays of scalars, of documents and of arrays, wrapped numbers, dates, ObjectIds,
 * nulls, `constructor` as a field name) and random equality filters, both give the same answer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal128, Double, Long, ObjectId } from 'bson';
import type { Doc } from '../storage/doc.types';
import { hasWrapped, noteWrapped } from '../util/bson-number.util';
import { equalityMatcher } from './equality-matcher.util';
import { compileGeneralFilter } from './mingo.adapter';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SCALARS: unknown[] = ['a', 'b', '', 1, 2, 0, -0, 1.5, true, false];
/** Values filters look for: few, so that random documents hold them often. */
const WANTED: unknown[] = ['a', 1, true, 0, 2];
const NAMES = ['a', 'b', 'x', 'constructor'];

function leaf(random: () => number): unknown {
  const others: unknown[] = [null, new Long(1), new Double(2), Decimal128.fromString('1'), new Date(0), new ObjectId('656565656565656565656565'), Number.NaN];
  return random() < 0.7 ? SCALARS[Math.floor(random() * SCALARS.length)] : others[Math.floor(random() * others.length)];
}

function value(random: () => number, depth: number): unknown {
  const roll = random();
  if (depth >= 2 || roll < 0.5) return leaf(random);
  if (roll < 0.75) return object(random, depth + 1);
  return Array.from({ length: Math.floor(random() * 3) }, () => value(random, depth + 1));
}

function object(random: () => number, depth: number): Doc {
  const doc: Doc = {};
  for (const name of NAMES) if (random() < 0.5) doc[name] = value(random, depth);
  return doc;
}

/** Each (path, scalar) the document holds through plain objects, array elements included: what a filter can find. */
function held(doc: Doc, prefix = ''): [string, unknown][] {
  const found: [string, unknown][] = [];
  for (const [name, v] of Object.entries(doc)) {
    const path = `${prefix}${name}`;
    for (const e of Array.isArray(v) ? [v, ...v] : [v]) {
      if (WANTED.includes(e)) found.push([path, e]);
      else if (e !== null && typeof e === 'object' && !Array.isArray(e) && Object.getPrototypeOf(e) === Object.prototype) found.push(...held(e as Doc, `${path}.`));
    }
  }
  return found;
}

const PATHS = ['a', 'b', 'x', 'a.x', 'a.b.x', 'b.a', 'constructor', 'a.constructor', 'c.d'];

describe('the equality fast path', () => {
  it('answers as mingo does, for random documents and equality filters', () => {
    const random = rng(20261203);
    let fast = 0;
    let matched = 0;
    for (let round = 0; round < 20_000; round++) {
      const doc = { _id: round, ...object(random, 0) };
      noteWrapped(doc);
      const filter: Doc = {};
      const holds = held(doc);
      for (let k = 0; k < 1 + Math.floor(random() * 2); k++) {
        const pick = holds.length > 0 && random() < 0.6 ? holds[Math.floor(random() * holds.length)] : undefined;
        if (pick !== undefined) filter[pick[0]] = pick[1];
        else filter[PATHS[Math.floor(random() * PATHS.length)]] = WANTED[Math.floor(random() * WANTED.length)];
      }
      const general = compileGeneralFilter(filter);
      let fellBack = false;
      const matcher = equalityMatcher(filter, () => {
        fellBack = true;
        return general;
      });
      assert.ok(matcher !== undefined, `${JSON.stringify(filter)} is plain equality`);
      const expected = general.test(doc);
      assert.equal(matcher.test(doc), expected, `filter ${JSON.stringify(filter)} on ${JSON.stringify(doc)} (wrapped: ${String(hasWrapped(doc))})`);
      if (!fellBack) fast += 1;
      if (expected) matched += 1;
    }
    assert.ok(fast > 15_000, `most documents are answered without mingo (${fast})`);
    assert.ok(matched > 1_000, `the filters match often enough to mean something (${matched})`);
  });

  it('takes only filters of plain equality on named paths', () => {
    const general = (): never => assert.fail('not compiled');
    for (const filter of [{ a: null }, { a: { $gt: 1 } }, { a: { x: 1 } }, { a: [1] }, { 'a.0': 1 }, { $or: [{ a: 1 }] }, { a: Number.NaN }, { a: new Date(0) }, { a: new Long(1) }, { 'a..b': 1 }]) {
      assert.equal(equalityMatcher(filter, general), undefined, JSON.stringify(filter));
    }
    assert.ok(equalityMatcher({ _id: 'ord_1', 'saga.version': 3, cancelRequested: false }, general));
  });
});
