/** Conformance: aggregate's output stages `$out` and `$merge` (targets, modes, `on` fields, error codes). */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Decimal128, Double, Long } from 'mongodb';
import { coll, conformance, rejection } from './conformance.harness';

conformance('aggregate-output', (env) => {
  it('$out replaces the target with the results, keeping its indexes, and answers an empty cursor', async () => {
    const src = coll(env, 'out_src');
    const dst = coll(env, 'out_dst');
    await src.insertMany([{ _id: 1, x: 11 }, { _id: 2, x: 22 }, { _id: 3, x: 33 }]);
    await dst.insertMany([{ _id: 9, x: 99 }]);
    await dst.createIndex({ x: 1 }, { unique: true, name: 'x_unique' });
    const reply = await src.aggregate([{ $match: { _id: { $gt: 1 } } }, { $out: 'out_dst' }]).toArray();
    assert.deepEqual(reply, []);
    assert.deepEqual(await dst.find({}, { sort: { _id: 1 } }).toArray(), [{ _id: 2, x: 22 }, { _id: 3, x: 33 }]);
    assert.deepEqual((await dst.listIndexes().toArray()).map((i) => i['name']).sort(), ['_id_', 'x_unique']);
  });

  it('$out leaves the target unchanged when a result violates a unique index (11000)', async () => {
    const src = coll(env, 'out_src_dup');
    const dst = coll(env, 'out_dst_dup');
    await src.insertMany([{ _id: 1, x: 1 }, { _id: 2, x: 1 }]);
    await dst.insertMany([{ _id: 7, x: 7 }]);
    await dst.createIndex({ x: 1 }, { unique: true });
    const err = await rejection(src.aggregate([{ $out: 'out_dst_dup' }]).toArray());
    assert.equal(err['code'], 11000);
    assert.deepEqual(await dst.find().toArray(), [{ _id: 7, x: 7 }]);
  });

  it('$out writes to another database, generates missing _ids and replaces its own source', async () => {
    const { client } = env();
    const other = client.db(`conf_out_${randomBytes(4).toString('hex')}`);
    try {
      const src = coll(env, 'out_src_db');
      await src.insertMany([{ _id: 1, x: 1 }, { _id: 2, x: 2 }]);
      await src.aggregate([{ $project: { _id: 0, x: 1 } }, { $out: { db: other.databaseName, coll: 'copy' } }]).toArray();
      const copied = await other.collection('copy').find({}, { sort: { x: 1 } }).toArray();
      assert.deepEqual(copied.map((d) => d['x']), [1, 2]);
      assert.ok(copied.every((d) => d['_id'] !== undefined));
      await src.aggregate([{ $match: { x: 2 } }, { $out: 'out_src_db' }]).toArray();
      assert.deepEqual(await src.find().toArray(), [{ _id: 2, x: 2 }]);
    } finally {
      await other.dropDatabase();
    }
  });

  it('$out right after the pushed-down stages keeps every numeric type', async () => {
    const src = coll(env, 'out_src_types');
    await src.insertOne({ _id: 1, l: Long.fromNumber(5), d: new Double(2), dec: Decimal128.fromString('1.50') });
    await src.aggregate([{ $match: { _id: 1 } }, { $out: 'out_dst_types' }]).toArray();
    const raw = await coll(env, 'out_dst_types').findOne({ _id: 1 }, { promoteValues: false, promoteLongs: false });
    assert.ok(raw?.['l'] instanceof Long);
    assert.ok(raw?.['d'] instanceof Double);
    assert.ok(raw?.['dec'] instanceof Decimal128);
  });

  it('$out and $merge must be the last stage (40601); $out to system.* is refused (17385)', async () => {
    const src = coll(env, 'out_src_pos');
    await src.insertOne({ _id: 1 });
    assert.equal((await rejection(src.aggregate([{ $out: 'x' }, { $match: {} }]).toArray()))['code'], 40601);
    assert.equal((await rejection(src.aggregate([{ $merge: { into: 'x' } }, { $match: {} }]).toArray()))['code'], 40601);
    assert.equal((await rejection(src.aggregate([{ $out: 'system.foo' }]).toArray()))['code'], 17385);
  });

  it('$merge defaults: on _id, merges matched documents and inserts the rest', async () => {
    const src = coll(env, 'merge_src');
    const dst = coll(env, 'merge_dst');
    await src.insertMany([{ _id: 1, a: 'new' }, { _id: 2, a: 'two' }]);
    await dst.insertMany([{ _id: 1, a: 'old', b: 'kept' }]);
    assert.deepEqual(await src.aggregate([{ $merge: 'merge_dst' }]).toArray(), []);
    assert.deepEqual(await dst.find({}, { sort: { _id: 1 } }).toArray(), [{ _id: 1, a: 'new', b: 'kept' }, { _id: 2, a: 'two' }]);
  });

  it('$merge whenMatched replace / keepExisting, whenNotMatched discard / fail (13113)', async () => {
    const src = coll(env, 'merge_src_modes');
    const dst = coll(env, 'merge_dst_modes');
    await src.insertMany([{ _id: 1, a: 'new' }, { _id: 2, a: 'two' }]);
    await dst.insertMany([{ _id: 1, a: 'old', b: 'gone' }]);
    await src.aggregate([{ $merge: { into: 'merge_dst_modes', whenMatched: 'replace', whenNotMatched: 'discard' } }]).toArray();
    assert.deepEqual(await dst.find({}, { sort: { _id: 1 } }).toArray(), [{ _id: 1, a: 'new' }]);
    await src.aggregate([{ $merge: { into: 'merge_dst_modes', whenMatched: 'keepExisting', whenNotMatched: 'insert' } }]).toArray();
    assert.deepEqual(await dst.find({}, { sort: { _id: 1 } }).toArray(), [{ _id: 1, a: 'new' }, { _id: 2, a: 'two' }]);
    await src.insertOne({ _id: 3 });
    const err = await rejection(src.aggregate([{ $merge: { into: 'merge_dst_modes', whenMatched: 'merge', whenNotMatched: 'fail' } }]).toArray());
    assert.equal(err['code'], 13113);
  });

  it('$merge whenMatched fail reports the duplicate key (11000 with keyPattern/keyValue)', async () => {
    const dst = coll(env, 'merge_dst_fail');
    await dst.insertMany([{ _id: 1, x: 1 }, { _id: 2, x: 1 }]);
    const err = await rejection(env().db.aggregate([{ $documents: [{ _id: 2, x: 1 }] }, { $merge: { into: 'merge_dst_fail', whenMatched: 'fail' } }]).toArray());
    assert.equal(err['code'], 11000);
    assert.deepEqual(err['keyPattern'], { _id: 1 });
    assert.deepEqual(err['keyValue'], { _id: 2 });
  });

  it('$merge on other fields needs a unique index on exactly them (51183) and the fields in every result (51132)', async () => {
    const src = coll(env, 'merge_src_on');
    const dst = coll(env, 'merge_dst_on');
    await src.insertMany([{ _id: 10, sku: 'a', qty: 5 }, { _id: 11, sku: 'b', qty: 6 }]);
    await dst.insertMany([{ _id: 1, sku: 'a', qty: 1 }]);
    const pipeline = [{ $project: { _id: 0 } }, { $merge: { into: 'merge_dst_on', on: 'sku' } }];
    assert.equal((await rejection(src.aggregate(pipeline).toArray()))['code'], 51183);
    await dst.createIndex({ sku: 1 }, { unique: true });
    await src.aggregate(pipeline).toArray();
    const docs = await dst.find({}, { sort: { sku: 1 } }).toArray();
    assert.deepEqual(docs.map((d) => [d['sku'], d['qty']]), [['a', 5], ['b', 6]]);
    assert.equal(docs[0]?.['_id'], 1);
    await src.insertOne({ _id: 12, qty: 7 });
    assert.equal((await rejection(src.aggregate(pipeline).toArray()))['code'], 51132);
  });

  it('$merge refuses unsupported mode combinations (51181), let without a pipeline (51199) and unknown fields (40415)', async () => {
    const src = coll(env, 'merge_src_bad');
    await src.insertOne({ _id: 1 });
    assert.equal((await rejection(src.aggregate([{ $merge: { into: 'x', whenMatched: 'fail', whenNotMatched: 'discard' } }]).toArray()))['code'], 51181);
    assert.equal((await rejection(src.aggregate([{ $merge: { into: 'x', let: { a: 1 } } }]).toArray()))['code'], 51199);
    assert.equal((await rejection(src.aggregate([{ $merge: { into: 'x', bogus: 1 } }]).toArray()))['code'], 40415);
  });

  it('refuses system and internal-database targets ($out 17385/31321, $merge 31319/31320)', async () => {
    const src = coll(env, 'out_src_internal');
    await src.insertOne({ _id: 1 });
    assert.equal((await rejection(src.aggregate([{ $out: { db: 'admin', coll: 'x' } }]).toArray()))['code'], 31321);
    assert.equal((await rejection(src.aggregate([{ $merge: { into: 'system.x' } }]).toArray()))['code'], 31319);
    assert.equal((await rejection(src.aggregate([{ $merge: { into: { db: 'config', coll: 'x' } } }]).toArray()))['code'], 31320);
  });

  it('refuses $out and $merge inside $facet (40600), $lookup (51047) and $unionWith (31441) sub-pipelines', async () => {
    const src = coll(env, 'out_src_nested');
    await src.insertOne({ _id: 1 });
    const facet = [{ $facet: { a: [{ $out: 'x' }] } }];
    const lookup = [{ $lookup: { from: 'y', pipeline: [{ $merge: { into: 'x' } }], as: 'j' } }];
    const union = [{ $unionWith: { coll: 'y', pipeline: [{ $match: {} }, { $out: 'x' }] } }];
    assert.equal((await rejection(src.aggregate(facet).toArray()))['code'], 40600);
    assert.equal((await rejection(src.aggregate(lookup).toArray()))['code'], 51047);
    assert.equal((await rejection(src.aggregate(union).toArray()))['code'], 31441);
    assert.deepEqual(await env().db.listCollections({ name: 'x' }).toArray(), []);
  });
});
