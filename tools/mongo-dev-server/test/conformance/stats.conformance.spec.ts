/**
 * Conformance: the statistics a shell or GUI reads — `$collStats` (`count`, `storageStats`,
 * what mongosh's `db.coll.stats()` and Compass's collection header ask for), `$indexStats`,
 * `$sample` (never more documents than there are, never one twice), and a standalone's
 * `listDatabases` (`admin` and `local` always there).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Long } from 'mongodb';
import type { Document } from 'mongodb';
import { coll, conformance, exactOrRefused, rejection } from './conformance.harness';

conformance('stats', (env) => {
  it('$collStats reports count and storageStats (sizes, indexes, scale)', async () => {
    const c = coll(env, 'cstats');
    await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: i, name: `item-${i}`, pad: 'x'.repeat(100) })));
    await c.createIndex({ name: 1 });
    const [doc] = await c.aggregate([{ $collStats: { count: {}, storageStats: {} } }]).toArray();
    assert.ok(doc);
    assert.equal(doc['ns'], `${env().dbName}.cstats`);
    assert.equal(doc['count'], 50);
    assert.ok(doc['localTime'] instanceof Date);
    const s = doc['storageStats'] as Document;
    assert.equal(s['count'], 50);
    assert.ok(s['size'] > 50 * 100 && s['size'] < 50 * 200, `size ${s['size']}`);
    assert.equal(s['avgObjSize'], Math.floor(s['size'] / 50));
    assert.equal(s['nindexes'], 2);
    assert.deepEqual(Object.keys(s['indexSizes'] as Document).sort(), ['_id_', 'name_1']);
    assert.ok(s['totalIndexSize'] > 0);
    assert.ok(s['storageSize'] > 0);
    assert.equal(s['scaleFactor'], 1);
    const [scaled] = await c.aggregate([{ $collStats: { storageStats: { scale: 1024 } } }]).toArray();
    const ss = scaled?.['storageStats'] as Document;
    assert.equal(ss['scaleFactor'], 1024);
    assert.equal(ss['size'], Math.floor(s['size'] / 1024));
    assert.equal(scaled?.['count'], undefined, 'count only when asked');
  });

  it('$collStats must come first; latencyStats is implemented or refused', async () => {
    const c = coll(env, 'cstats2');
    await c.insertOne({ _id: 1 });
    const err = await rejection(c.aggregate([{ $match: {} }, { $collStats: { count: {} } }]).toArray());
    assert.equal(err['code'], 40602);
    await exactOrRefused(env, () => c.aggregate([{ $collStats: { latencyStats: {} } }]).toArray(), (docs) => {
      assert.equal(typeof (docs[0]?.['latencyStats'] as Document)['reads'], 'object');
    });
    const missing = await rejection(coll(env, 'no_such_coll').aggregate([{ $collStats: { storageStats: {} } }]).toArray());
    assert.equal(missing['code'], 26);
  });

  it('$indexStats lists every index with its accesses', async () => {
    const c = coll(env, 'istats');
    await c.insertMany([{ _id: 1, k: 1 }, { _id: 2, k: 2 }]);
    await c.createIndex({ k: 1 });
    const before = await c.aggregate([{ $indexStats: {} }]).toArray();
    assert.deepEqual(before.map((d) => d['name']).sort(), ['_id_', 'k_1']);
    const k1 = before.find((d) => d['name'] === 'k_1');
    assert.ok(k1);
    assert.deepEqual(k1['key'], { k: 1 });
    assert.equal(typeof (k1['accesses'] as Document)['ops'], 'number', 'an int64 (the driver promotes it)');
    assert.ok((k1['accesses'] as Document)['since'] instanceof Date);
    assert.equal((k1['spec'] as Document)['name'], 'k_1');
    const opsBefore = Number((k1['accesses'] as Document)['ops']);
    assert.deepEqual(await c.find({ k: 2 }).toArray(), [{ _id: 2, k: 2 }]);
    const after = await c.aggregate([{ $indexStats: {} }, { $match: { name: 'k_1' } }], { promoteLongs: false }).toArray();
    const ops = (after[0]?.['accesses'] as Document)['ops'] as Long;
    assert.ok(ops instanceof Long, 'accesses.ops is an int64');
    assert.equal(ops.toNumber(), opsBefore + 1);
  });

  it('$sample returns distinct documents, never more than the collection holds', async () => {
    const c = coll(env, 'sample');
    await c.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
    const all = await c.aggregate([{ $sample: { size: 10 } }]).toArray();
    assert.deepEqual(all.map((d) => d['_id']).sort(), [1, 2, 3]);
    for (let i = 0; i < 20; i++) {
      const two = await c.aggregate([{ $sample: { size: 2 } }]).toArray();
      assert.equal(two.length, 2);
      assert.notEqual(two[0]?.['_id'], two[1]?.['_id']);
    }
    assert.deepEqual(await c.aggregate([{ $match: { _id: { $gt: 2 } } }, { $sample: { size: 5 } }]).toArray(), [{ _id: 3 }]);
    assert.equal((await rejection(c.aggregate([{ $sample: { size: -1 } }]).toArray()))['code'], 28747);
    assert.equal((await rejection(c.aggregate([{ $sample: { size: 'x' } }]).toArray()))['code'], 28746);
    assert.equal((await rejection(c.aggregate([{ $sample: {} }]).toArray()))['code'], 28749);
  });

  it('a standalone lists admin and local among its databases', async (t) => {
    if (!env().isStandalone) {
      t.skip('target is a replica set / mongos');
      return;
    }
    await coll(env, 'dbs').insertOne({ _id: 1 });
    const { databases, totalSize } = await env().client.db('admin').admin().listDatabases();
    const names = databases.map((d) => d.name);
    for (const name of ['admin', 'local', env().dbName]) assert.ok(names.includes(name), `${name} in ${names.join(',')}`);
    for (const d of databases) assert.ok((d.sizeOnDisk ?? 0) > 0, `${d.name} has a size`);
    assert.equal(totalSize, databases.reduce((n, d) => n + (d.sizeOnDisk ?? 0), 0));
    const adminColls = await env().client.db('admin').listCollections({}, { nameOnly: true }).toArray();
    assert.ok(adminColls.some((c) => c.name === 'system.version'));
    const err = await rejection(env().client.db('admin').dropDatabase());
    assert.equal(err['code'], 20);
  });
});
