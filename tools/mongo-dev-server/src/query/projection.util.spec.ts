/**
 * The key chooser projects as mingo does (with mongod's field order restored): for many random
 * stored documents (embedded documents, arrays, scalars where a path expects a document, a
 * stock's `holds` map) and random projections (top-level inclusions and exclusions, `_id` either
 * way, dotted inclusions, collisions), both give the same document, key order included, or both
 * refuse.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialize } from 'bson';
import type { Doc } from '../storage/doc.types';
import { applyProjection, projectWithMingo } from './projection.util';
import { rng } from '../../test/seeded-random';

const KEYS = ['_id', 'a', 'b', 'holds', 'fence', 'available'];
const PROJECTED = ['a', 'b', 'a.b', 'a.b.c', 'a.c', 'holds.o1', 'holds.o2', 'holds', 'fence', 'available', 'missing.x', 'b.x'];

function outcome(run: () => Doc[]): string {
  try {
    return Buffer.from(serialize(run()[0] ?? {})).toString('hex');
  } catch (err) {
    return `refused: ${err instanceof Error ? err.constructor.name : String(err)}`;
  }
}

describe('find projections by choosing keys', () => {
  it('give what mingo gives, key order included', () => {
    const random = rng(20261203);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const value = (depth: number): unknown => {
      const roll = random();
      if (depth < 2 && roll < 0.35) return Object.fromEntries(['c', 'b', 'o2', 'o1'].filter(() => random() < 0.6).map((k) => [k, value(depth + 1)]));
      if (roll < 0.45) return [1, { b: 2 }];
      return pick([1, 'x', null, true, new Date(3)]);
    };
    let shapes = 0;
    for (let round = 0; round < 20_000; round++) {
      const doc: Doc = {};
      for (const key of KEYS) if (key === '_id' || random() < 0.75) doc[key] = key === '_id' ? `s${round}` : value(0);
      if (random() < 0.2) delete doc['_id'];
      const projection: Doc = {};
      const including = random() < 0.7;
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) projection[pick(PROJECTED)] = including ? pick([1, true]) : pick([0, false]);
      // `_id: 1` beside exclusions: mongod allows it (mingo refuses); checked on its own below.
      if (random() < 0.4) projection['_id'] = including ? pick([0, 1]) : 0;
      const mine = outcome(() => applyProjection([doc], projection, undefined));
      const theirs = outcome(() => projectWithMingo([doc], projection, undefined));
      assert.equal(mine, theirs, `projection ${JSON.stringify(projection)} of ${JSON.stringify(doc)}`);
      if (!mine.startsWith('refused')) shapes += 1;
    }
    assert.ok(shapes > 10_000, `most projections are valid ones (${shapes})`);
  });

  it('keeps `_id` beside exclusions when asked to, as mongod does', () => {
    const doc = { _id: 's1', fence: 3, available: 2 };
    assert.deepEqual(applyProjection([doc], { fence: 0, _id: 1 }, undefined), [{ _id: 's1', available: 2 }]);
  });
});
