/**
 * The simple filter matcher answers exactly as mingo does: for many random stored documents
 * (nested objects, arrays of scalars, of documents and of arrays, wrapped numbers, dates,
 * ObjectIds, nulls, NaN, `constructor` as a field name) and random filters — equality, and the
 * operators and `$or`/`$and` shapes a service's leases, guards and claims use — both give the
 * same answer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decimal128, Double, Long, ObjectId } from 'bson';
import type { Doc } from '../storage/doc.types';
import { hasWrapped, noteWrapped } from '../util/bson-number.util';
import { simpleFilterMatcher } from './simple-filter.matcher';
import { compileGeneralFilter } from './mingo.adapter';
import { rng } from '../../test/seeded-random';

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

/** Tests `doc` with the simple matcher and with mingo, asserts the same answer; says whether mingo was needed and whether it matched. */
function sameAsMingo(filter: Doc, doc: Doc): { readonly fast: boolean; readonly matched: boolean } {
  const general = compileGeneralFilter(filter);
  let fellBack = false;
  const matcher = simpleFilterMatcher(filter, () => {
    fellBack = true;
    return general;
  });
  assert.ok(matcher !== undefined, `${JSON.stringify(filter)} is taken`);
  const expected = general.test(doc);
  assert.equal(matcher.test(doc), expected, `filter ${JSON.stringify(filter)} on ${JSON.stringify(doc)} (wrapped: ${String(hasWrapped(doc))})`);
  return { fast: !fellBack, matched: expected };
}

describe('the simple filter matcher', () => {
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
      const outcome = sameAsMingo(filter, doc);
      if (outcome.fast) fast += 1;
      if (outcome.matched) matched += 1;
    }
    assert.ok(fast > 15_000, `most documents are answered without mingo (${fast})`);
    assert.ok(matched > 1_000, `the filters match often enough to mean something (${matched})`);
  });

  it('takes only filters of the shapes it knows, on named paths', () => {
    const general = (): never => assert.fail('not compiled');
    for (const filter of [{ a: null }, { a: { $gt: 'x' } }, { a: { $regex: 'x' } }, { a: { x: 1 } }, { a: {} }, { a: [1] }, { 'a.0': 1 }, { $or: [] }, { $or: [{}] }, { $nor: [{ a: 1 }] }, { a: Number.NaN }, { a: { $in: [null] } }, { a: { $exists: 1 } }, { a: new Long(1) }, { 'a..b': 1 }]) {
      assert.equal(simpleFilterMatcher(filter, general), undefined, JSON.stringify(filter));
    }
    assert.ok(simpleFilterMatcher({ _id: 'ord_1', 'saga.version': 3, cancelRequested: false }, general));
    assert.ok(simpleFilterMatcher({ _id: 'SKU-1', $or: [{ fenceUntil: { $lte: new Date() } }, { fenceUntil: { $exists: false } }, { fenceOwner: 'w' }] }, general));
    assert.ok(simpleFilterMatcher({ _id: 'r', state: { $in: ['RESERVED', 'COMMITTED'] }, available: { $gte: 2 }, 'holds.o1': { $exists: false } }, general));
  });

  it('answers as mingo does for the operators and $or/$and shapes of leases, guards and claims', () => {
    const random = rng(7_2026_12_03);
    const at = (ms: number): Date => new Date(1_000_000 + ms);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const stored: Record<string, unknown[]> = {
      expiresAt: [undefined, at(0), at(500), at(1_000), null, 500, 'soon', [at(0), at(2_000)], new Date(Number.NaN)],
      owner: [undefined, 'w1', 'w2', ['w1', 'w3'], null, { id: 'w1' }],
      available: [undefined, 0, 1, 2, 5, new Long(3), new Double(2), Number.NaN, '5', [1, 9]],
      state: [undefined, 'RESERVED', 'COMMITTED', 'RELEASED', ['RESERVED'], 7],
      holds: [undefined, {}, { o1: 2 }, { o1: 0, o2: 1 }, [{ o1: 2 }], 'none', { o1: null }],
    };
    const operands = {
      date: [at(0), at(500), at(1_000)],
      number: [0, 1, 2, 3, -1.5],
      owner: ['w1', 'w2'],
      state: ['RESERVED', 'COMMITTED', 'RELEASED'],
    };
    const term = (): Doc => {
      switch (Math.floor(random() * 11)) {
        case 0:
          return { expiresAt: { [pick(['$lte', '$lt', '$gt', '$gte'])]: pick(operands.date) } };
        case 1:
          return { expiresAt: pick(operands.date) };
        case 2:
          return { owner: pick(operands.owner) };
        case 3:
          return { owner: { $ne: pick(operands.owner) } };
        case 4:
          return { available: { [pick(['$lte', '$lt', '$gt', '$gte'])]: pick(operands.number) } };
        case 5:
          return { state: { $in: [pick(operands.state), pick(operands.state)] } };
        case 6:
          return { state: { $ne: pick(operands.state) } };
        case 7:
          return { 'holds.o1': { $exists: random() < 0.5 } };
        case 8:
          return { 'holds.o1': pick(operands.number) };
        case 9:
          return { available: { $gte: pick(operands.number), $lt: pick(operands.number) } };
        default:
          return { expiresAt: { $exists: random() < 0.5 } };
      }
    };
    let fast = 0;
    let matched = 0;
    for (let round = 0; round < 20_000; round++) {
      const doc: Doc = { _id: `d${round}` };
      for (const [field, values] of Object.entries(stored)) {
        const value = pick(values);
        if (value !== undefined) doc[field] = value;
      }
      noteWrapped(doc);
      const filter: Doc = { _id: `d${round}` };
      const shape = random();
      if (shape < 0.4) Object.assign(filter, term(), term());
      else filter[shape < 0.8 ? '$or' : '$and'] = Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.2 ? { $or: [term(), term()] } : term()));
      const outcome = sameAsMingo(filter, doc);
      if (outcome.fast) fast += 1;
      if (outcome.matched) matched += 1;
    }
    assert.ok(fast > 10_000, `most documents are answered without mingo (${fast})`);
    assert.ok(matched > 2_000, `the filters match often enough to mean something (${matched})`);
  });
});
