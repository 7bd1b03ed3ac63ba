/**
 * An update shares the parts of a stored document it does not touch, so it must never change
 * the stored document: for many random operator updates (nested paths, array indexes, array
 * operators, renames, refused ones included) the document updated is byte-for-byte what it
 * was, and updating it again gives the same result.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serialize } from 'bson';
import type { Doc } from '../storage/doc.types';
import { CommandError } from '../util/command.error';
import { copyForUpdate } from './copy-for-update.util';
import { UpdateKind, applyUpdate } from './update.engine';
import { rng } from '../../test/seeded-random';

const PATHS = ['status', 'saga.version', 'saga.step', 'saga.deep.x', 'history', 'history.0', 'history.1.at', 'items.0.qty', 'items.1', 'tags', 'n', 'missing.a.b', 'status.x', 'history.0.at.y', 'n.z'];
const OPERATORS = ['$set', '$unset', '$inc', '$max', '$push', '$addToSet', '$pop', '$pull', '$rename', '$currentDate', '$setOnInsert'];

function storedOrder(): Doc {
  return {
    _id: 'o-1',
    status: 'PENDING',
    n: 1,
    saga: { version: 3, step: 'RESERVE_STOCK', deep: { x: 1 } },
    history: [{ at: new Date(0), step: 'A' }, { at: new Date(1), step: 'B' }],
    items: [{ sku: 's-1', qty: 2 }, { sku: 's-2', qty: 1 }],
    tags: ['a', 'b'],
  };
}

function randomValue(random: () => number, op: string): unknown {
  if (op === '$inc' || op === '$max') return Math.floor(random() * 5);
  if (op === '$pop') return random() < 0.5 ? 1 : -1;
  if (op === '$rename') return ['renamed', 'saga.renamed', 'other.deep'][Math.floor(random() * 3)];
  if (op === '$currentDate') return true;
  const values = ['x', 7, { at: new Date(2), step: 'C' }, [1, 2], { $each: ['c', 'd'] }];
  return values[Math.floor(random() * values.length)];
}

describe('operator updates share what they do not touch and never change the stored document', () => {
  it('leaves the stored document as it was, for random updates', () => {
    const random = rng(20261202);
    for (let round = 0; round < 3_000; round++) {
      const stored = storedOrder();
      const bytes = Buffer.from(serialize(stored));
      const spec: Doc = {};
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const op = OPERATORS[Math.floor(random() * OPERATORS.length)];
        const path = PATHS[Math.floor(random() * PATHS.length)];
        spec[op] = { ...((spec[op]) ?? {}), [path]: randomValue(random, op) };
      }
      const run = (): unknown => {
        try {
          return applyUpdate(stored, spec, UpdateKind.Operators, { filter: undefined, arrayFilters: undefined, isUpsertInsert: random() < 0.5 }).doc;
        } catch (err) {
          if (err instanceof CommandError) return err.code;
          throw err;
        }
      };
      const first = run();
      assert.deepEqual(Buffer.from(serialize(stored)), bytes, `update ${JSON.stringify(spec)} changed the stored document`);
      if (typeof first !== 'object' || spec['$currentDate'] !== undefined || spec['$setOnInsert'] !== undefined) continue;
      assert.deepEqual(run(), first, `update ${JSON.stringify(spec)} gave another result the second time`);
    }
  });

  it('copies only the containers on the way to each path', () => {
    const stored = storedOrder();
    const copy = copyForUpdate(stored, { $set: { 'saga.version': 4 }, $push: { history: { step: 'C' } } }) as Doc;
    assert.notEqual(copy, stored);
    assert.notEqual(copy['saga'], stored['saga']);
    assert.notEqual(copy['history'], stored['history']);
    assert.equal((copy['history'] as unknown[])[0], (stored['history'] as unknown[])[0]);
    assert.equal(copy['items'], stored['items']);
    assert.equal((copy['saga'] as Doc)['deep'], (stored['saga'] as Doc)['deep']);
  });

  it('leaves positional paths and names inside arrays to a whole copy', () => {
    const stored = storedOrder();
    assert.equal(copyForUpdate(stored, { $set: { 'items.$.qty': 1 } }), undefined);
    assert.equal(copyForUpdate(stored, { $set: { 'items.$[i].qty': 1 } }), undefined);
    assert.equal(copyForUpdate(stored, { $set: { 'items.qty': 1 } }), undefined);
  });
});
