/**
 * Conformance: createIndex (unique, compound, TTL, sparse, partial) idempotency and
 * conflicts (85/86), listIndexes, dropIndex, and unique enforcement details.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { coll, conformance, rejection } from './conformance.harness';

conformance('indexes', (env) => {
  it('creates unique, compound and TTL indexes idempotently and lists them', async () => {
    const c = coll(env, 'ix');
    assert.equal(await c.createIndex({ sku: 1 }, { unique: true }), 'sku_1');
    assert.equal(await c.createIndex({ sku: 1 }, { unique: true }), 'sku_1');
    assert.equal(await c.createIndex({ a: 1, b: -1 }), 'a_1_b_-1');
    assert.equal(await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 3600 }), 'expiresAt_1');
    assert.equal(await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 3600 }), 'expiresAt_1');
    const raw = await env().db.command({ createIndexes: 'ix', indexes: [{ key: { sku: 1 }, name: 'sku_1', unique: true }] });
    assert.equal(raw['numIndexesBefore'], 4);
    assert.equal(raw['numIndexesAfter'], 4);
    const list = await c.listIndexes().toArray();
    assert.deepEqual(list.map((i) => i['name']), ['_id_', 'sku_1', 'a_1_b_-1', 'expiresAt_1']);
    assert.deepEqual(list[0]?.['key'], { _id: 1 });
    assert.equal(list[1]?.['unique'], true);
    assert.deepEqual(list[2]?.['key'], { a: 1, b: -1 });
    assert.equal(list[3]?.['expireAfterSeconds'], 3600);
    assert.equal(await c.indexExists('a_1_b_-1'), true);
  });

  it('rejects conflicting index definitions with 85/86', async () => {
    const c = coll(env, 'ixconf');
    await c.createIndex({ sku: 1 }, { unique: true });
    await c.createIndex({ t: 1 }, { expireAfterSeconds: 60 });
    const sameNameOtherKey = await rejection(c.createIndex({ other: 1 }, { name: 'sku_1' }));
    assert.equal(sameNameOtherKey['code'], 86);
    assert.equal(sameNameOtherKey['codeName'], 'IndexKeySpecsConflict');
    const sameNameOtherOptions = await rejection(c.createIndex({ sku: 1 }));
    assert.equal(sameNameOtherOptions['code'], 85);
    assert.equal(sameNameOtherOptions['codeName'], 'IndexOptionsConflict');
    const otherTtl = await rejection(c.createIndex({ t: 1 }, { expireAfterSeconds: 120 }));
    assert.equal(otherTtl['code'], 85);
    const sameKeyOtherName = await rejection(c.createIndex({ sku: 1 }, { unique: true, name: 'sku_unique' }));
    assert.equal(sameKeyOtherName['code'], 85);
  });

  it('drops indexes by name and reports missing ones (27) and missing collections (26)', async () => {
    const { db } = env();
    const c = coll(env, 'ixdrop');
    await c.createIndex({ a: 1 });
    await c.createIndex({ b: 1 });
    await c.dropIndex('a_1');
    assert.deepEqual((await c.listIndexes().toArray()).map((i) => i['name']), ['_id_', 'b_1']);
    const missing = await rejection(c.dropIndex('nope_1'));
    assert.equal(missing['code'], 27);
    await c.dropIndexes();
    assert.deepEqual((await c.listIndexes().toArray()).map((i) => i['name']), ['_id_']);
    const noColl = await rejection(db.command({ listIndexes: 'does_not_exist' }));
    assert.equal(noColl['code'], 26);
  });

  it('building a unique index over duplicates fails with 11000; missing fields collide as null', async () => {
    const c = coll(env, 'ixbuild');
    await c.insertMany([{ _id: 1, e: 'x' }, { _id: 2, e: 'x' }]);
    const e = await rejection(c.createIndex({ e: 1 }, { unique: true }));
    assert.equal(e['code'], 11000);
    assert.deepEqual((await c.listIndexes().toArray()).map((i) => i['name']), ['_id_']);
    const n = coll(env, 'ixnull');
    await n.createIndex({ email: 1 }, { unique: true });
    await n.insertOne({ _id: 1 });
    const dupNull = await rejection(n.insertOne({ _id: 2 }));
    assert.equal(dupNull['code'], 11000);
    assert.deepEqual(dupNull['keyValue'], { email: null });
  });

  it('sparse and partial unique indexes only constrain covered documents', async () => {
    const s = coll(env, 'ixsparse');
    await s.createIndex({ email: 1 }, { unique: true, sparse: true });
    await s.insertMany([{ _id: 1 }, { _id: 2 }, { _id: 3, email: 'a' }]);
    assert.equal((await rejection(s.insertOne({ _id: 4, email: 'a' })))['code'], 11000);
    const p = coll(env, 'ixpartial');
    await p.createIndex({ sku: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await p.insertMany([{ _id: 1, sku: 'A', active: false }, { _id: 2, sku: 'A', active: true }, { _id: 3, sku: 'A', active: false }]);
    assert.equal((await rejection(p.insertOne({ _id: 4, sku: 'A', active: true })))['code'], 11000);
    assert.equal((await rejection(p.updateOne({ _id: 1 }, { $set: { active: true } })))['code'], 11000);
  });

  it('unique index over array values treats each element as a key', async () => {
    const c = coll(env, 'ixmulti');
    await c.createIndex({ tags: 1 }, { unique: true });
    await c.insertOne({ _id: 1, tags: ['a', 'b'] });
    await c.insertOne({ _id: 2, tags: ['c'] });
    const e = await rejection(c.insertOne({ _id: 3, tags: ['d', 'b'] }));
    assert.equal(e['code'], 11000);
    assert.deepEqual(e['keyValue'], { tags: 'b' });
    assert.equal((await c.findOne({ tags: 'b' }))?.['_id'], 1);
  });
});
