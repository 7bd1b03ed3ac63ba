/**
 * Conformance: "implement it exactly, or refuse it". Each case states mongod 7's behaviour;
 * on the dev server the same request must either behave exactly so, or (only where the case
 * says mongod supports it) be refused with 238 NotImplemented. Never accepted and ignored:
 * unknown fields (40415), `sort` on update statements (an 8.0 feature), `_id` operator
 * objects (52), hints naming missing indexes (2), snapshot/linearizable reads on a standalone
 * (123), unknown stages (40324), replication commands on a standalone (76), collations,
 * `let` on writes, pipeline updates with expressions.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Document } from 'mongodb';
import { coll, conformance, exactOrRefused, rejection } from './conformance.harness';

conformance('fidelity', (env) => {
  it('unknown command fields are refused with 40415, also inside update/delete statements', async () => {
    const db = env().db;
    await coll(env, 'unknown').insertOne({ _id: 1 });
    const e1 = await rejection(db.command({ find: 'unknown', filter: {}, noSuchOption: 1 }));
    assert.equal(e1['code'], 40415);
    assert.match(e1.message, /BSON field 'find\.noSuchOption' is an unknown field/);
    const e2 = await rejection(db.command({ update: 'unknown', updates: [{ q: { _id: 1 }, u: { $set: { a: 1 } }, sort: { _id: 1 } }] }));
    assert.equal(e2['code'], 40415, 'sort on an update statement is a MongoDB 8.0 feature');
    assert.match(e2.message, /update\.updates\.sort/);
    const e3 = await rejection(db.command({ delete: 'unknown', deletes: [{ q: {}, limit: 0, bogus: true }] }));
    assert.equal(e3['code'], 40415);
    const e4 = await rejection(db.command({ aggregate: 'unknown', pipeline: [], cursor: {}, nope: 1 }));
    assert.equal(e4['code'], 40415);
    assert.deepEqual(await coll(env, 'unknown').findOne({ _id: 1 }), { _id: 1 }, 'nothing was updated');
  });

  it('an _id holding $-prefixed fields is refused with 52', async () => {
    const c = coll(env, 'dollarid');
    const err = await rejection(c.insertOne({ _id: { $gt: 1 } as never }));
    assert.equal(err['code'], 52);
    assert.match(err.message, /_id fields may not contain '\$'-prefixed fields: \$gt is not valid for storage/);
    const nested = await rejection(c.insertOne({ _id: { a: { $b: 1 } } as never }));
    assert.equal(nested['code'], 52);
    assert.equal(await c.countDocuments(), 0);
  });

  it('a hint naming a missing index fails with 2; an existing one is honoured', async () => {
    const c = coll(env, 'hints');
    await c.createIndex({ a: 1 });
    await c.insertMany([{ _id: 1, a: 1 }, { _id: 2, a: 2 }]);
    const e1 = await rejection(c.find({ a: 1 }).hint('nope_1').toArray());
    assert.equal(e1['code'], 2);
    assert.match(e1.message, /hint provided does not correspond to an existing index/);
    const e2 = await rejection(c.find({ a: 1 }).hint({ b: 1 }).toArray());
    assert.equal(e2['code'], 2);
    const e3 = await rejection(c.updateOne({ a: 1 }, { $set: { x: 1 } }, { hint: 'nope_1' }));
    assert.equal(e3['code'], 2);
    const e4 = await rejection(c.countDocuments({ a: 1 }, { hint: 'nope_1' }));
    assert.equal(e4['code'], 2);
    assert.deepEqual(await c.find({ a: 2 }).hint('a_1').toArray(), [{ _id: 2, a: 2 }]);
    assert.deepEqual(await c.find({ a: 2 }).hint({ a: 1 }).toArray(), [{ _id: 2, a: 2 }]);
    assert.equal((await c.updateOne({ a: 1 }, { $set: { x: 1 } }, { hint: { a: 1 } })).modifiedCount, 1);
  });

  it('a standalone refuses snapshot and linearizable reads (123) and replication commands (76)', async (t) => {
    if (!env().isStandalone) {
      t.skip('target is a replica set / mongos');
      return;
    }
    const db = env().db;
    await coll(env, 'rc').insertOne({ _id: 1 });
    const snap = await rejection(db.command({ find: 'rc', filter: {}, readConcern: { level: 'snapshot' } }));
    assert.equal(snap['code'], 123);
    assert.equal(snap['codeName'], 'NotAReplicaSet');
    const lin = await rejection(db.command({ find: 'rc', filter: {}, readConcern: { level: 'linearizable' } }));
    assert.equal(lin['code'], 123);
    const agg = await rejection(db.command({ aggregate: 'rc', pipeline: [], cursor: {}, readConcern: { level: 'snapshot' } }));
    assert.equal(agg['code'], 123);
    const ok = await db.command({ find: 'rc', filter: {}, readConcern: { level: 'majority' } });
    assert.equal((ok['cursor'] as Document)['firstBatch'].length, 1);
    const rs = await rejection(env().client.db('admin').command({ replSetGetStatus: 1 }));
    assert.equal(rs['code'], 76);
    assert.equal(rs['codeName'], 'NoReplicationEnabled');
  });

  it('unknown aggregation stages fail with 40324', async () => {
    const err = await rejection(coll(env, 'stages').aggregate([{ $match: {} }, { $noSuchStage: {} }]).toArray());
    assert.equal(err['code'], 40324);
    assert.match(err.message, /Unrecognized pipeline stage name: '\$noSuchStage'/);
  });

  it('a strength-2 collation matches case-insensitively (or is refused, never ignored)', async () => {
    const c = coll(env, 'collation');
    await c.insertMany([{ _id: 1, s: 'ping' }, { _id: 2, s: 'PONG' }]);
    await exactOrRefused(env, () => c.find({ s: 'PING' }, { collation: { locale: 'en', strength: 2 } }).toArray(), (docs) => {
      assert.deepEqual(docs, [{ _id: 1, s: 'ping' }]);
    });
    await exactOrRefused(env, () => c.countDocuments({ s: 'pong' }, { collation: { locale: 'en', strength: 1 } }), (n) => assert.equal(n, 1));
    assert.deepEqual(await c.find({ s: 'ping' }, { collation: { locale: 'simple' } }).toArray(), [{ _id: 1, s: 'ping' }]);
  });

  it('let is evaluated as expressions and usable in update, delete and findAndModify filters', async () => {
    const c = coll(env, 'letvars');
    await c.insertMany([{ _id: 1, n: 3 }, { _id: 2, n: 5 }, { _id: 3, n: 7 }]);
    const found = await c.find({ $expr: { $eq: ['$n', '$$three'] } }, { let: { three: { $add: [1, 2] } } }).toArray();
    assert.deepEqual(found, [{ _id: 1, n: 3 }]);
    const upd = await c.updateOne({ $expr: { $eq: ['$_id', '$$id'] } }, { $set: { hit: true } }, { let: { id: 2 } });
    assert.equal(upd.modifiedCount, 1);
    const piped = await c.updateOne({ _id: 3 }, [{ $set: { n: { $add: ['$n', '$$step'] } } }], { let: { step: 10 } });
    assert.equal(piped.modifiedCount, 1);
    const fam = await c.findOneAndUpdate({ $expr: { $gt: ['$n', '$$min'] } }, { $set: { top: true } }, { let: { min: 16 }, returnDocument: 'after' });
    assert.deepEqual(fam, { _id: 3, n: 17, top: true });
    const del = await c.deleteMany({ $expr: { $lt: ['$n', '$$max'] } }, { let: { max: 4 } });
    assert.equal(del.deletedCount, 1);
    assert.deepEqual(await c.find().sort({ _id: 1 }).toArray(), [{ _id: 2, n: 5, hit: true }, { _id: 3, n: 17, top: true }]);
  });

  it('pipeline updates: $replaceWith with $mergeObjects, $replaceRoot keeps _id, $unset', async () => {
    const c = coll(env, 'pipeupd');
    await c.insertMany([{ _id: 1, a: 1, b: 2 }, { _id: 2, inner: { x: 1 } }]);
    await c.updateOne({ _id: 1 }, [{ $replaceWith: { $mergeObjects: ['$$ROOT', { c: { $add: ['$a', '$b'] } }] } }, { $unset: 'b' }]);
    assert.deepEqual(await c.findOne({ _id: 1 }), { _id: 1, a: 1, c: 3 });
    await c.updateOne({ _id: 2 }, [{ $replaceRoot: { newRoot: '$inner' } }]);
    assert.deepEqual(await c.findOne({ _id: 2 }), { _id: 2, x: 1 });
    const err = await rejection(c.updateOne({ _id: 2 }, [{ $replaceWith: { _id: 9 } }]));
    assert.equal(err['code'], 66);
  });

  it('text indexes and explain are implemented or refused, never ignored', async () => {
    const c = coll(env, 'textix');
    await c.insertOne({ _id: 1, t: 'hello world' });
    await exactOrRefused(env, () => c.createIndex({ t: 'text' }), (name) => assert.equal(name, 't_text'));
    const e = await rejection(env().db.command({ createIndexes: 'textix', indexes: [{ key: { u: 1 }, name: 'u_1', bogusOption: 1 }] }));
    assert.equal(e['code'], 197);
  });
});
