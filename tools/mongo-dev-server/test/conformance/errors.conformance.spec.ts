/**
 * Conformance: duplicate-key errors (insert, insertMany ordered/unordered, upsert, update,
 * findOneAndUpdate), bulkWrite ordered/unordered, and what a standalone refuses:
 * transactions (20), change streams (40573), unknown commands (59).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoBulkWriteError } from 'mongodb';
import type { AnyBulkWriteOperation } from 'mongodb';
import { coll, conformance, rejection } from './conformance.harness';
import type { Loose } from './conformance.harness';

conformance('errors', (env) => {
  it('insertOne duplicate on a unique index and on _id: 11000 with keyPattern/keyValue', async () => {
    const c = coll(env, 'dupins');
    await c.createIndex({ sku: 1 }, { unique: true });
    await c.insertOne({ _id: 1, sku: 'A' });
    const e1 = await rejection(c.insertOne({ _id: 2, sku: 'A' }));
    assert.equal(e1['code'], 11000);
    assert.deepEqual(e1['keyPattern'], { sku: 1 });
    assert.deepEqual(e1['keyValue'], { sku: 'A' });
    assert.match(e1.message, new RegExp(`^E11000 duplicate key error collection: ${env().dbName}\\.dupins index: sku_1 dup key: \\{ sku: "A" \\}`));
    const e2 = await rejection(c.insertOne({ _id: 1, sku: 'B' }));
    assert.equal(e2['code'], 11000);
    assert.deepEqual(e2['keyPattern'], { _id: 1 });
    assert.deepEqual(e2['keyValue'], { _id: 1 });
    assert.match(e2.message, /index: _id_ dup key: \{ _id: 1 \}/);
    assert.equal(await c.countDocuments(), 1);
  });

  it('compound unique index reports every key field; numbers 1 and 1.0 collide', async () => {
    const c = coll(env, 'dupcompound');
    await c.createIndex({ a: 1, b: 1 }, { unique: true });
    await c.insertOne({ a: 1, b: 'x' });
    await c.insertOne({ a: 1, b: 'y' });
    const e = await rejection(c.insertOne({ a: 1.0, b: 'x' }));
    assert.equal(e['code'], 11000);
    assert.deepEqual(e['keyPattern'], { a: 1, b: 1 });
    assert.deepEqual(e['keyValue'], { a: 1, b: 'x' });
  });

  it('insertMany ordered stops at the first error; unordered continues and reports every index', async () => {
    const c = coll(env, 'dupmany');
    await c.insertOne({ _id: 'dup' });
    const ordered = await rejection(c.insertMany([{ _id: 'a' }, { _id: 'dup' }, { _id: 'b' }, { _id: 'dup' }]));
    assert.ok(ordered instanceof MongoBulkWriteError);
    assert.equal(ordered.insertedCount, 1);
    assert.deepEqual(ordered.writeErrors instanceof Array ? ordered.writeErrors.map((w) => w.index) : [ordered.writeErrors.index], [1]);
    const unordered = await rejection(c.insertMany([{ _id: 'c' }, { _id: 'dup' }, { _id: 'd' }, { _id: 'dup' }], { ordered: false }));
    assert.ok(unordered instanceof MongoBulkWriteError);
    assert.equal(unordered.insertedCount, 2);
    const errs = unordered.writeErrors instanceof Array ? unordered.writeErrors : [unordered.writeErrors];
    assert.deepEqual(errs.map((w) => w.index), [1, 3]);
    assert.ok(errs.every((w) => w.code === 11000));
    assert.deepEqual((await c.find({}).sort({ _id: 1 }).toArray()).map((d) => d['_id']), ['a', 'c', 'd', 'dup']);
  });

  it('updateOne upsert and update colliding with a unique index fail with 11000', async () => {
    const c = coll(env, 'dupupsert');
    await c.createIndex({ sku: 1 }, { unique: true });
    await c.insertMany([{ _id: 1, sku: 'A', v: 1 }, { _id: 2, sku: 'B', v: 1 }]);
    const e1 = await rejection(c.updateOne({ sku: 'A', v: 2 }, { $set: { x: 1 } }, { upsert: true }));
    assert.equal(e1['code'], 11000);
    assert.deepEqual(e1['keyValue'], { sku: 'A' });
    const e2 = await rejection(c.updateOne({ _id: 2 }, { $set: { sku: 'A' } }));
    assert.equal(e2['code'], 11000);
    assert.deepEqual(await c.findOne({ _id: 2 }), { _id: 2, sku: 'B', v: 1 });
    const e3 = await rejection(c.findOneAndUpdate({ _id: 2 }, { $set: { sku: 'A' } }));
    assert.equal(e3['code'], 11000);
    assert.equal(e3['codeName'], 'DuplicateKey');
    assert.deepEqual(e3['keyPattern'], { sku: 1 });
    assert.deepEqual(e3['keyValue'], { sku: 'A' });
    assert.equal(await c.countDocuments(), 2);
  });

  it('bulkWrite ordered stops at the failing op; unordered continues', async () => {
    const c = coll(env, 'bulk');
    await c.insertOne({ _id: 'exists', n: 0 });
    const ops = (first: string, last: string): AnyBulkWriteOperation<Loose>[] => [
      { insertOne: { document: { _id: first } } },
      { updateOne: { filter: { _id: 'exists' }, update: { $inc: { n: 1 } } } },
      { deleteOne: { filter: { _id: 'nothing' } } },
      { insertOne: { document: { _id: 'exists' } } },
      { insertOne: { document: { _id: last } } },
    ];
    const ordered = await rejection(c.bulkWrite(ops('o1', 'o2')));
    assert.ok(ordered instanceof MongoBulkWriteError);
    assert.equal(ordered.result.insertedCount, 1);
    assert.equal(ordered.result.matchedCount, 1);
    assert.equal(ordered.result.deletedCount, 0);
    assert.deepEqual((ordered.writeErrors instanceof Array ? ordered.writeErrors : [ordered.writeErrors]).map((w) => w.index), [3]);
    assert.equal(await c.countDocuments({ _id: 'o2' }), 0);
    const unordered = await rejection(c.bulkWrite(ops('u1', 'u2'), { ordered: false }));
    assert.ok(unordered instanceof MongoBulkWriteError);
    assert.equal(unordered.result.insertedCount, 2);
    assert.equal(unordered.result.modifiedCount, 1);
    assert.deepEqual((unordered.writeErrors instanceof Array ? unordered.writeErrors : [unordered.writeErrors]).map((w) => w.index), [3]);
    assert.equal((await c.findOne({ _id: 'exists' }))?.['n'], 2);
    const fine = await c.bulkWrite([
      { insertOne: { document: { _id: 'f1' } } },
      { updateMany: { filter: { _id: { $in: ['f1', 'u1'] } }, update: { $set: { t: 1 } } } },
      { replaceOne: { filter: { _id: 'f1' }, replacement: { r: 1 } } },
      { updateOne: { filter: { _id: 'f2' }, update: { $set: { t: 2 } }, upsert: true } },
      { deleteMany: { filter: { _id: { $in: ['u1', 'u2'] } } } },
    ]);
    assert.equal(fine.insertedCount, 1);
    assert.equal(fine.matchedCount, 3);
    assert.equal(fine.upsertedCount, 1);
    assert.equal(fine.deletedCount, 2);
  });

  it('refuses transactions on a standalone with code 20', async (t) => {
    if (!env().isStandalone) {
      t.skip('target is a replica set / mongos: transactions are allowed there');
      return;
    }
    const { client } = env();
    const c = coll(env, 'txn');
    const session = client.startSession();
    try {
      session.startTransaction();
      const err = await rejection(c.insertOne({ _id: 1 }, { session }));
      assert.equal(err['code'], 20);
      assert.equal(err['codeName'], 'IllegalOperation');
      assert.match(err.message, /Transaction numbers are only allowed on a replica set member or mongos/);
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    assert.equal(await c.countDocuments(), 0);
    const raw = await rejection(env().db.command({ insert: 'txn', documents: [{ _id: 2 }], txnNumber: 1, autocommit: false, startTransaction: true, lsid: { id: session.id?.['id'] } }));
    assert.equal(raw['code'], 20);
  });

  it('refuses change streams on a standalone with code 40573', async (t) => {
    if (!env().isStandalone) {
      t.skip('target is a replica set / mongos: change streams are allowed there');
      return;
    }
    const stream = coll(env, 'cs').watch();
    try {
      const err = await rejection(stream.tryNext());
      assert.equal(err['code'], 40573);
      assert.match(err.message, /only supported on replica sets/);
    } finally {
      await stream.close();
    }
    const raw = await rejection(env().db.command({ aggregate: 'cs', pipeline: [{ $changeStream: {} }], cursor: {} }));
    assert.equal(raw['code'], 40573);
  });

  it('answers unknown commands with 59 CommandNotFound', async () => {
    const err = await rejection(env().db.command({ noSuchCmd: 1 }));
    assert.equal(err['code'], 59);
    assert.equal(err['codeName'], 'CommandNotFound');
    assert.match(err.message, /no such command: 'noSuchCmd'/);
  });
});
