/** Conformance: collMod index options (expireAfterSeconds, prepareUnique, unique conversion, hidden) and its refusals. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Document } from 'mongodb';
import { coll, conformance, exactOrRefused, rejection } from './conformance.harness';

/** Stage names of a winning plan, outermost first. */
function stageNames(plan: Document | undefined): string[] {
  const names: string[] = [];
  for (let p = plan; p; p = p['inputStage'] as Document | undefined) names.push(String(p['stage']));
  return names;
}

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

  it('hides an index from plans and hints while keeping it up to date, and unhides it', async () => {
    const c = coll(env, 'collmod_hidden');
    await c.insertMany([{ _id: 1, x: 'a' }, { _id: 2, x: 'b' }]);
    await c.createIndex({ x: 1 }, { unique: true });
    const hid = await env().db.command({ collMod: 'collmod_hidden', index: { name: 'x_1', hidden: true } });
    assert.equal(hid['hidden_old'], false);
    assert.equal(hid['hidden_new'], true);
    assert.equal((await c.listIndexes().toArray()).find((i) => i['name'] === 'x_1')?.['hidden'], true);
    assert.deepEqual(stageNames((await c.find({ x: 'a' }).explain('queryPlanner'))['queryPlanner']?.['winningPlan']), ['COLLSCAN']);
    assert.equal((await rejection(c.find({ x: 'a' }).hint('x_1').toArray()))['code'], 2);
    assert.equal((await rejection(c.insertOne({ _id: 3, x: 'a' })))['code'], 11000);
    await env().db.command({ collMod: 'collmod_hidden', index: { name: 'x_1', hidden: false } });
    assert.equal((await c.listIndexes().toArray()).find((i) => i['name'] === 'x_1')?.['hidden'], undefined);
    assert.ok(stageNames((await c.find({ x: 'a' }).explain('queryPlanner'))['queryPlanner']?.['winningPlan']).includes('IXSCAN'));
  });

  it('sets validators exactly, or refuses them (238)', async () => {
    const c = coll(env, 'collmod_refused');
    await c.insertOne({ _id: 1, x: 'a' });
    await exactOrRefused(env, () => env().db.command({ collMod: 'collmod_refused', validator: { x: { $type: 'string' } } }), async () => {
      assert.equal((await rejection(c.insertOne({ _id: 2, x: 1 })))['code'], 121);
    });
  });
});
