/** Conformance: collMod index options (expireAfterSeconds, prepareUnique, unique conversion) and its refusals. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { coll, conformance, exactOrRefused, rejection } from './conformance.harness';

conformance('collMod', (env) => {
  it('changes a TTL index and turns a single-field index into one', async () => {
    const c = coll(env, 'collmod_ttl');
    await c.createIndex({ at: 1 }, { expireAfterSeconds: 3600 });
    await c.createIndex({ other: 1 });
    const reply = await env().db.command({ collMod: 'collmod_ttl', index: { keyPattern: { at: 1 }, expireAfterSeconds: 60 } });
    assert.equal(reply['expireAfterSeconds_old'], 3600);
    assert.equal(reply['expireAfterSeconds_new'], 60);
    await env().db.command({ collMod: 'collmod_ttl', index: { name: 'other_1', expireAfterSeconds: 10 } });
    const byName = new Map((await c.listIndexes().toArray()).map((ix) => [ix['name'], ix['expireAfterSeconds']]));
    assert.equal(byName.get('at_1'), 60);
    assert.equal(byName.get('other_1'), 10);
  });

  it('prepareUnique rejects new duplicates, then unique reports the existing ones (359) until they are resolved', async () => {
    const c = coll(env, 'collmod_unique');
    await c.insertMany([{ _id: 1, x: 1 }, { _id: 2, x: 1 }, { _id: 3, x: 2 }]);
    await c.createIndex({ x: 1 });
    const prepared = await env().db.command({ collMod: 'collmod_unique', index: { keyPattern: { x: 1 }, prepareUnique: true } });
    assert.equal(prepared['prepareUnique_old'], false);
    assert.equal(prepared['prepareUnique_new'], true);
    assert.equal((await rejection(c.insertOne({ _id: 4, x: 1 })))['code'], 11000);
    assert.equal((await rejection(c.updateOne({ _id: 3 }, { $set: { x: 1 } })))['code'], 11000);
    await c.updateOne({ _id: 1 }, { $set: { y: 1 } }); // its key is unchanged: allowed
    const err = await rejection(env().db.command({ collMod: 'collmod_unique', index: { keyPattern: { x: 1 }, unique: true } }));
    assert.equal(err['code'], 359);
    assert.deepEqual(err['violations'], [{ ids: [1, 2] }]);
    await c.deleteOne({ _id: 2 });
    const converted = await env().db.command({ collMod: 'collmod_unique', index: { keyPattern: { x: 1 }, unique: true } });
    assert.equal(converted['unique_new'], true);
    const ix = (await c.listIndexes().toArray()).find((i) => i['name'] === 'x_1');
    assert.equal(ix?.['unique'], true);
    assert.equal((await rejection(c.insertOne({ _id: 5, x: 2 })))['code'], 11000);
  });

  it('refuses unique without prepareUnique (72), missing indexes (27) and collections (26), unknown fields (40415)', async () => {
    const c = coll(env, 'collmod_errors');
    await c.insertOne({ _id: 1, x: 1 });
    await c.createIndex({ x: 1 });
    const { db } = env();
    assert.equal((await rejection(db.command({ collMod: 'collmod_errors', index: { keyPattern: { x: 1 }, unique: true } })))['code'], 72);
    assert.equal((await rejection(db.command({ collMod: 'collmod_errors', index: { keyPattern: { nope: 1 }, expireAfterSeconds: 5 } })))['code'], 27);
    assert.equal((await rejection(db.command({ collMod: 'collmod_missing', index: { keyPattern: { x: 1 }, expireAfterSeconds: 5 } })))['code'], 26);
    assert.equal((await rejection(db.command({ collMod: 'collmod_errors', index: { keyPattern: { x: 1 }, bogus: 1 } })))['code'], 40415);
  });

  it('hides indexes and sets validators exactly, or refuses them (238)', async () => {
    const c = coll(env, 'collmod_refused');
    await c.insertOne({ _id: 1, x: 'a' });
    await c.createIndex({ x: 1 });
    await exactOrRefused(env, () => env().db.command({ collMod: 'collmod_refused', index: { keyPattern: { x: 1 }, hidden: true } }), (r) => assert.equal(r['hidden_new'], true));
    await exactOrRefused(env, () => env().db.command({ collMod: 'collmod_refused', validator: { x: { $type: 'string' } } }), async () => {
      assert.equal((await rejection(c.insertOne({ _id: 2, x: 1 })))['code'], 121);
    });
  });
});
