/** Conformance: create/drop/listCollections/rename, dropDatabase/listDatabases, dbStats. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { coll, conformance } from './conformance.harness';

conformance('catalog', (env) => {
  it('creates (idempotently), lists with filter/nameOnly, and drops collections', async () => {
    const { db } = env();
    await db.createCollection('alpha');
    await db.createCollection('alpha');
    await coll(env, 'beta').insertOne({ x: 1 });
    const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
    assert.deepEqual(names, ['alpha', 'beta']);
    const filtered = await db.listCollections({ name: 'beta' }).toArray();
    assert.equal(filtered.length, 1);
    assert.equal(filtered[0]?.['type'], 'collection');
    const nameOnly = await db.listCollections({}, { nameOnly: true }).toArray();
    assert.ok(nameOnly.every((c) => Object.keys(c).sort().join() === 'name,type'));
    assert.equal(await db.collection('alpha').drop(), true);
    await db.collection('never_existed').drop().catch(() => false);
    assert.deepEqual((await db.listCollections().toArray()).map((c) => c.name), ['beta']);
  });

  it('renames collections keeping documents and indexes', async () => {
    const { db } = env();
    const src = coll(env, 'rename_src');
    await src.insertMany([{ _id: 1, k: 'a' }, { _id: 2, k: 'b' }]);
    await src.createIndex({ k: 1 }, { unique: true });
    await src.rename('rename_dst');
    const dst = coll(env, 'rename_dst');
    assert.equal(await dst.countDocuments(), 2);
    assert.deepEqual((await dst.listIndexes().toArray()).map((i) => i['name']), ['_id_', 'k_1']);
    assert.equal((await db.listCollections({ name: 'rename_src' }).toArray()).length, 0);
  });

  it('lists databases and drops them', async () => {
    const { client } = env();
    const name = `conf_tmp_${randomBytes(4).toString('hex')}`;
    await client.db(name).collection('c').insertOne({ a: 1 });
    const listed = await client.db('admin').admin().listDatabases();
    const entry = listed.databases.find((d) => d.name === name);
    assert.ok(entry);
    assert.equal(typeof entry.sizeOnDisk, 'number');
    const stats = await client.db(name).stats();
    assert.equal(stats['collections'], 1);
    assert.equal(stats['objects'], 1);
    assert.equal(await client.db(name).dropDatabase(), true);
    const after = await client.db('admin').admin().listDatabases({ nameOnly: true });
    assert.equal(after.databases.some((d) => d.name === name), false);
  });
});
