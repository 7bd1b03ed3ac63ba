/** Conformance: handshake, basic CRUD, BSON type/field-order fidelity, find options, cursors, counts. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Binary, Decimal128, Double, Int32, type Long, MongoClient, ObjectId } from 'mongodb';
import type { CommandSucceededEvent, Document } from 'mongodb';
import { coll, conformance, rejection } from './conformance.harness';
import type { Loose } from './conformance.harness';

conformance('crud', (env) => {
  it('answers ping, hello and isMaster as a writable primary', async () => {
    const admin = env().client.db('admin');
    assert.equal((await admin.command({ ping: 1 }))['ok'], 1);
    const hello = await admin.command({ hello: 1 });
    assert.equal(hello['isWritablePrimary'], true);
    assert.ok(Number(hello['maxWireVersion']) >= 21);
    assert.equal(hello['minWireVersion'], 0);
    assert.equal(hello['maxBsonObjectSize'], 16 * 1024 * 1024);
    assert.equal(hello['maxWriteBatchSize'], 100000);
    assert.equal(hello['logicalSessionTimeoutMinutes'], 30);
    assert.ok(hello['localTime'] instanceof Date);
    assert.equal(typeof hello['connectionId'], 'number');
    const legacy = await admin.command({ isMaster: 1 });
    assert.equal(legacy['ismaster'], true);
    const info = await admin.command({ buildInfo: 1 });
    assert.match(String(info['version']), /^\d+\.\d+\.\d+/);
  });

  it('inserts and reads back documents with _id first, field order and BSON types kept', async () => {
    const c = coll(env, 'types');
    const oid = new ObjectId();
    const at = new Date('2024-01-02T03:04:05.678Z');
    const res = await c.insertOne({ name: 'x', _id: oid, n: 1, d: 1.5, dec: Decimal128.fromString('12.34'), at, bin: new Binary(Buffer.from([1, 2, 3])), nested: { b: 2, a: 1 }, arr: [3, 'x', null] });
    assert.equal(res.insertedId, oid);
    const doc = await c.findOne({ _id: oid });
    assert.ok(doc);
    assert.deepEqual(Object.keys(doc), ['_id', 'name', 'n', 'd', 'dec', 'at', 'bin', 'nested', 'arr']);
    assert.deepEqual(Object.keys(doc['nested'] as Document), ['b', 'a']);
    assert.ok(doc['_id'] instanceof ObjectId && doc['_id'].equals(oid));
    assert.ok(doc['at'] instanceof Date && doc['at'].getTime() === at.getTime());
    assert.equal(String(doc['dec']), '12.34');
    assert.ok(doc['dec'] instanceof Decimal128);
    assert.deepEqual([...(doc['bin'] as Binary).buffer], [1, 2, 3]);
    assert.deepEqual(doc['arr'], [3, 'x', null]);
    const raw = await c.findOne({ _id: oid }, { promoteValues: false });
    assert.ok(raw && raw['n'] instanceof Int32, 'int32 stays int32');
    assert.ok(raw && raw['d'] instanceof Double, 'double stays double');
  });

  it('generates an ObjectId _id on the server when missing', async () => {
    const c = coll(env, 'genid');
    await c.insertOne({ v: 1 }, { forceServerObjectId: true });
    const doc = await c.findOne({ v: 1 });
    assert.ok(doc && doc['_id'] instanceof ObjectId);
    assert.equal(Object.keys(doc)[0], '_id');
  });

  it('supports updateOne/updateMany/replaceOne/deleteOne/deleteMany with accurate counts', async () => {
    const c = coll(env, 'basic');
    await c.insertMany([{ _id: 1, g: 'a', v: 1 }, { _id: 2, g: 'a', v: 2 }, { _id: 3, g: 'b', v: 3 }]);
    const u1 = await c.updateMany({ g: 'a' }, { $set: { v: 2 } });
    assert.equal(u1.matchedCount, 2);
    assert.equal(u1.modifiedCount, 1, 'no-op $set is not counted as modified');
    const u2 = await c.updateOne({ g: 'zzz' }, { $set: { v: 9 } });
    assert.equal(u2.matchedCount, 0);
    const r = await c.replaceOne({ _id: 3 }, { g: 'c', w: true });
    assert.equal(r.modifiedCount, 1);
    assert.deepEqual(await c.findOne({ _id: 3 }), { _id: 3, g: 'c', w: true });
    assert.equal((await c.deleteOne({ g: 'a' })).deletedCount, 1);
    assert.equal((await c.deleteMany({})).deletedCount, 2);
    assert.equal(await c.countDocuments(), 0);
  });

  it('applies filter, projection, sort, skip and limit', async () => {
    const c = coll(env, 'findopts');
    await c.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i, g: i % 3, v: 20 - i, c: 'x', a: i })));
    const got = await c.find({ g: 1 }, { projection: { v: 1 } }).sort({ v: 1 }).skip(1).limit(3).toArray();
    assert.deepEqual(got, [{ _id: 16, v: 4 }, { _id: 13, v: 7 }, { _id: 10, v: 10 }]);
    const excl = await c.find({ _id: { $in: [2, 1] } }, { projection: { _id: 0, c: 0, a: 0 } }).sort({ _id: 1 }).toArray();
    assert.deepEqual(excl, [{ g: 1, v: 19 }, { g: 2, v: 18 }]);
    const compound = await c.find({ _id: { $lt: 6 } }).sort({ g: 1, v: -1 }).project({ _id: 1 }).toArray();
    assert.deepEqual(compound.map((d) => d['_id']), [0, 3, 1, 4, 2, 5]);
    const ordered = await c.findOne({ _id: 5 }, { projection: { c: 1, a: 1 } });
    assert.deepEqual(Object.keys(ordered ?? {}), ['_id', 'c', 'a'], 'projected fields keep document order');
    const ops = await c.find({ $or: [{ v: { $gt: 18 } }, { a: { $in: [7] } }], c: { $regex: '^x' } }).sort({ _id: 1 }).toArray();
    assert.deepEqual(ops.map((d) => d['_id']), [0, 1, 7]);
  });

  it('projects top-level fields by inclusion or exclusion, _id either way, in document order', async () => {
    const c = coll(env, 'simpleproj');
    await c.insertOne({ z: 1, _id: 'p', a: { b: 1 }, m: [1, 2], s: 'x' });
    assert.deepEqual(await c.findOne({ _id: 'p' }, { projection: { _id: 0 } }), { z: 1, a: { b: 1 }, m: [1, 2], s: 'x' });
    assert.deepEqual(await c.findOne({ _id: 'p' }, { projection: { _id: 1 } }), { _id: 'p' });
    const included = await c.findOne({ _id: 'p' }, { projection: { s: true, z: 1, missing: 1 } });
    assert.deepEqual(Object.entries(included ?? {}), [['_id', 'p'], ['z', 1], ['s', 'x']], 'document order (_id first, as stored), not projection order');
    assert.deepEqual(await c.findOne({ _id: 'p' }, { projection: { _id: 0, a: 1 } }), { a: { b: 1 } });
    assert.deepEqual(await c.findOne({ _id: 'p' }, { projection: { a: false, m: 0 } }), { z: 1, _id: 'p', s: 'x' });
    const mixed = await rejection(c.findOne({ _id: 'p' }, { projection: { a: 1, m: 0 } }));
    assert.match(mixed.message, /exclusion/i, 'a mix of inclusion and exclusion is refused');
  });

  it('streams 250 documents through getMore with batchSize 7', async () => {
    const c = coll(env, 'batches');
    await c.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, pad: 'x'.repeat(20) })));
    const client = new MongoClient(env().url, { monitorCommands: true });
    const batches: number[] = [];
    let getMores = 0;
    client.on('commandSucceeded', (e: CommandSucceededEvent) => {
      const cursor = (e.reply as Document)['cursor'] as Document | undefined;
      if (e.commandName === 'getMore') getMores++;
      if (cursor && (e.commandName === 'find' || e.commandName === 'getMore')) {
        batches.push(((cursor['firstBatch'] ?? cursor['nextBatch']) as unknown[]).length);
      }
    });
    try {
      const docs = await client.db(env().dbName).collection<Loose>('batches').find({}).sort({ _id: 1 }).batchSize(7).toArray();
      assert.equal(docs.length, 250);
      assert.deepEqual(docs.map((d) => d['_id']), Array.from({ length: 250 }, (_, i) => i));
      assert.equal(getMores, 35);
      assert.ok(batches.every((n) => n <= 7));
      assert.equal(batches.reduce((a, b) => a + b, 0), 250);
    } finally {
      await client.close();
    }
  });

  it('kills cursors (close() and killCursors), after which getMore fails with 43', async () => {
    const { db } = env();
    const c = db.collection<Loose>('kill');
    await c.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i })));
    const cursor = c.find({}).batchSize(5);
    await cursor.next();
    const id = cursor.id;
    assert.ok(id && !id.isZero());
    await cursor.close();
    const err = await rejection(db.command({ getMore: id, collection: 'kill' }));
    assert.equal(err['code'], 43);
    const res = await db.command({ find: 'kill', batchSize: 2 });
    const id2 = (res['cursor'] as Document)['id'] as Long;
    const killed = await db.command({ killCursors: 'kill', cursors: [id2] });
    assert.deepEqual((killed['cursorsKilled'] as Long[]).map(String), [String(id2)]);
    assert.equal(((await rejection(db.command({ getMore: id2, collection: 'kill' })))['code']), 43);
  });

  it('counts with count, countDocuments and estimatedDocumentCount, and runs distinct', async () => {
    const { db } = env();
    const c = db.collection<Loose>('counts');
    await c.insertMany([
      { _id: 1, g: 1, tags: ['a', 'b'] },
      { _id: 2, g: 1, tags: ['b'] },
      { _id: 3, g: 2, tags: 'c' },
      { _id: 4, g: 3 },
      { _id: 5, g: null, tags: [] },
    ]);
    assert.equal(await c.countDocuments({ g: 1 }), 2);
    assert.equal(await c.countDocuments({}, { skip: 1, limit: 2 }), 2);
    assert.equal(await c.estimatedDocumentCount(), 5);
    assert.equal((await db.command({ count: 'counts', query: { g: { $gte: 2 } } }))['n'], 2);
    assert.equal((await db.command({ count: 'counts' }))['n'], 5);
    assert.equal((await db.command({ count: 'nope' }))['n'], 0);
    const gs = (await c.distinct('g')).map((v) => (v === null ? 'null' : v)).sort();
    assert.deepEqual(gs, [1, 2, 3, 'null']);
    assert.deepEqual((await c.distinct('tags')).sort(), ['a', 'b', 'c']);
    assert.deepEqual((await c.distinct('tags', { g: 1 })).sort(), ['a', 'b']);
  });
});
