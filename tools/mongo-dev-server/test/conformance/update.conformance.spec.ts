/**
 * Conformance: update operators, positional updates, upserts, findOneAndX, guarded $inc,
 * the TTL-lock upsert pattern, and per-document atomicity of failing updates.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Int32, Timestamp } from 'mongodb';
import { coll, conformance, rejection, upd } from './conformance.harness';

conformance('update', (env) => {
  it('applies $set (incl. nested creation), $unset, $inc, $mul, $min, $max, $rename', async () => {
    const c = coll(env, 'ops1');
    await c.insertOne({ _id: 1, a: 1, b: 'x', n: 5, lo: 10, hi: 10, old: 'v', f: 2 });
    await c.updateOne({ _id: 1 }, { $set: { 'deep.x.y': 1, a: 2 }, $unset: { b: '' }, $inc: { n: 3, fresh: 2 }, $mul: { f: 4 } });
    await c.updateOne({ _id: 1 }, { $min: { lo: 3 }, $max: { hi: 3 }, $rename: { old: 'renamed' } });
    assert.deepEqual(await c.findOne({ _id: 1 }), { _id: 1, a: 2, n: 8, lo: 3, hi: 10, f: 8, deep: { x: { y: 1 } }, fresh: 2, renamed: 'v' });
    const raw = await c.findOne({ _id: 1 }, { promoteValues: false });
    assert.ok(raw && raw['n'] instanceof Int32, '$inc of int32 by int32 stays int32');
    await c.updateOne({ _id: 1 }, { $inc: { n: 0.5 } });
    assert.equal((await c.findOne({ _id: 1 }))?.['n'], 8.5);
    const early = new Date('2020-01-01');
    await c.updateOne({ _id: 1 }, { $set: { at: new Date('2021-01-01') } });
    await c.updateOne({ _id: 1 }, { $min: { at: early } });
    assert.equal((await c.findOne({ _id: 1 }))?.['at'].getTime(), early.getTime());
  });

  it('applies array operators $push ($each/$slice/$position), $pull, $pullAll, $addToSet, $pop', async () => {
    const c = coll(env, 'ops2');
    await c.insertOne({ _id: 1, arr: [1, 2, 3], set: ['a'], items: [{ k: 1 }, { k: 5 }], p: [1, 2, 3, 1], q: [1, 2, 3] });
    await c.updateOne({ _id: 1 }, upd({ $push: { arr: { $each: [4, 5], $slice: -3 } }, $addToSet: { set: { $each: ['a', 'b', 'b'] } } }));
    await c.updateOne({ _id: 1 }, upd({ $pull: { items: { k: { $gt: 2 } } }, $pullAll: { p: [1, 3] }, $pop: { q: -1 } }));
    await c.updateOne({ _id: 1 }, upd({ $push: { arr: { $each: [0], $position: 0 }, newArr: 'z' } }));
    await c.updateOne({ _id: 1 }, upd({ $pull: { arr: 4 } }));
    assert.deepEqual(await c.findOne({ _id: 1 }), { _id: 1, arr: [0, 3, 5], set: ['a', 'b'], items: [{ k: 1 }], p: [2], q: [2, 3], newArr: ['z'] });
  });

  it('applies $currentDate as date and timestamp', async () => {
    const c = coll(env, 'ops3');
    await c.insertOne({ _id: 1 });
    const before = Date.now() - 1000;
    await c.updateOne({ _id: 1 }, upd({ $currentDate: { d: true, ts: { $type: 'timestamp' } } }));
    const doc = await c.findOne({ _id: 1 });
    assert.ok(doc?.['d'] instanceof Date && doc['d'].getTime() >= before);
    assert.ok(doc?.['ts'] instanceof Timestamp);
  });

  it('updates positional $, $[] and $[<id>] with arrayFilters', async () => {
    const c = coll(env, 'positional');
    await c.insertOne({ _id: 1, items: [{ sku: 'a', qty: 1 }, { sku: 'b', qty: 5 }, { sku: 'c', qty: 7 }] });
    await c.updateOne({ _id: 1, 'items.sku': 'b' }, { $set: { 'items.$.qty': 9 } });
    await c.updateOne({ _id: 1 }, { $inc: { 'items.$[].qty': 1 } });
    await c.updateOne({ _id: 1 }, { $set: { 'items.$[big].big': true } }, { arrayFilters: [{ 'big.qty': { $gte: 8 } }] });
    assert.deepEqual((await c.findOne({ _id: 1 }))?.['items'], [
      { sku: 'a', qty: 2 },
      { sku: 'b', qty: 10, big: true },
      { sku: 'c', qty: 8, big: true },
    ]);
  });

  it('appends new fields in path order (mongod >= 5.0), keeps existing positions and literal order', async () => {
    const c = coll(env, 'fieldorder');
    await c.insertOne({ _id: 1, keep: 1, m: { y: 1 } });
    await c.updateOne({ _id: 1 }, upd({ $set: { z: 1, 'm.b': 1, keep: 2, lit: { q: 1, p: 2 } }, $inc: { a: 1, 'm.a': 1 } }));
    const doc = await c.findOne({ _id: 1 });
    assert.deepEqual(Object.keys(doc ?? {}), ['_id', 'keep', 'm', 'a', 'lit', 'z']);
    assert.deepEqual(Object.keys(doc?.['m'] ?? {}), ['y', 'a', 'b']);
    assert.deepEqual(Object.keys(doc?.['lit'] ?? {}), ['q', 'p']);
  });

  it('rejects unused arrayFilters (9) and missing ones (2)', async () => {
    const c = coll(env, 'arrayfilters');
    await c.insertOne({ _id: 1, a: [1, 2] });
    const unused = await rejection(c.updateOne({ _id: 1 }, { $set: { b: 1 } }, { arrayFilters: [{ x: 1 }] }));
    assert.equal(unused['code'], 9);
    const missing = await rejection(c.updateOne({ _id: 1 }, { $set: { 'a.$[x]': 0 } }));
    assert.equal(missing['code'], 2);
    assert.deepEqual(await c.findOne({ _id: 1 }), { _id: 1, a: [1, 2] });
  });

  it('supports pipeline-style updates', async () => {
    const c = coll(env, 'pipeline');
    await c.insertOne({ _id: 1, a: 2, b: 3 });
    await c.updateOne({ _id: 1 }, [{ $set: { total: { $add: ['$a', '$b'] } } }, { $unset: 'b' }]);
    assert.deepEqual(await c.findOne({ _id: 1 }), { _id: 1, a: 2, total: 5 });
  });

  it('upserts with operators (filter equality fields + $setOnInsert) and with a replacement', async () => {
    const c = coll(env, 'upserts');
    const r1 = await c.updateOne(
      { _id: 'u1', 'meta.kind': 'k', n: { $gt: 5 } },
      { $set: { v: 1 }, $setOnInsert: { created: true } },
      { upsert: true },
    );
    assert.equal(r1.upsertedCount, 1);
    assert.equal(r1.upsertedId, 'u1');
    assert.deepEqual(await c.findOne({ _id: 'u1' }), { _id: 'u1', meta: { kind: 'k' }, v: 1, created: true });
    const r2 = await c.updateOne({ _id: 'u1' }, { $set: { v: 2 }, $setOnInsert: { created: false } }, { upsert: true });
    assert.equal(r2.matchedCount, 1);
    assert.equal(r2.upsertedCount, 0);
    assert.deepEqual(await c.findOne({ _id: 'u1' }), { _id: 'u1', meta: { kind: 'k' }, v: 2, created: true });
    const r3 = await c.replaceOne({ _id: 'r1', ignored: 1 }, { y: 2 }, { upsert: true });
    assert.equal(r3.upsertedId, 'r1');
    assert.deepEqual(await c.findOne({ _id: 'r1' }), { _id: 'r1', y: 2 });
    const r4 = await c.updateOne({ name: 'gen' }, { $set: { v: 3 } }, { upsert: true });
    assert.ok(r4.upsertedId);
    const gen = await c.findOne({ name: 'gen' });
    assert.deepEqual(Object.keys(gen ?? {}), ['_id', 'name', 'v']);
    const many = await c.updateMany({ none: true }, { $set: { m: 1 } }, { upsert: true });
    assert.equal(many.upsertedCount, 1);
  });

  it('lease-style upsert with $or: inserts from equality fields only, then fails with 11000 while leased', async () => {
    const c = coll(env, 'leases');
    const now = new Date();
    const claim = (owner: string, at: Date) =>
      c.updateOne(
        { _id: 'o1:mail', state: 'SENDING', $or: [{ leaseUntil: { $lte: at } }, { owner }] },
        { $set: { owner, leaseUntil: new Date(at.getTime() + 10_000) }, $setOnInsert: { orderId: 'o1' }, $inc: { attempts: 1 } },
        { upsert: true },
      );
    const first = await claim('w1', now);
    assert.equal(first.upsertedId, 'o1:mail');
    const doc = await c.findOne({ _id: 'o1:mail' });
    assert.deepEqual(doc, { _id: 'o1:mail', state: 'SENDING', attempts: 1, leaseUntil: new Date(now.getTime() + 10_000), orderId: 'o1', owner: 'w1' });
    assert.deepEqual(Object.keys(doc ?? {}), ['_id', 'state', 'attempts', 'leaseUntil', 'orderId', 'owner']);
    const again = await claim('w1', new Date(now.getTime() + 1));
    assert.equal(again.matchedCount, 1, 'same owner re-claims');
    assert.equal((await rejection(claim('w2', new Date(now.getTime() + 2))))['code'], 11000);
    const expired = await claim('w2', new Date(now.getTime() + 20_000));
    assert.equal(expired.modifiedCount, 1);
    assert.equal((await c.findOne({ _id: 'o1:mail' }))?.['attempts'], 3);
  });

  it('findOneAndUpdate/Replace/Delete honour returnDocument, projection, sort and upsert', async () => {
    const c = coll(env, 'fam');
    await c.insertMany([{ _id: 1, g: 'x', v: 3, o: 'a' }, { _id: 2, g: 'x', v: 1, o: 'b' }, { _id: 3, g: 'y', v: 2, o: 'c' }]);
    const before = await c.findOneAndUpdate({ g: 'x' }, { $inc: { v: 10 } }, { sort: { v: 1 }, returnDocument: 'before', projection: { v: 1 } });
    assert.deepEqual(before, { _id: 2, v: 1 });
    const after = await c.findOneAndUpdate({ g: 'x' }, { $set: { hit: true } }, { sort: { v: -1 }, returnDocument: 'after', projection: { _id: 0, o: 1, hit: 1 } });
    assert.deepEqual(after, { o: 'b', hit: true });
    const replaced = await c.findOneAndReplace({ _id: 3 }, { g: 'z' }, { returnDocument: 'after' });
    assert.deepEqual(replaced, { _id: 3, g: 'z' });
    const deleted = await c.findOneAndDelete({ g: 'x' }, { sort: { v: 1 } });
    assert.equal(deleted?.['_id'], 1);
    assert.equal(await c.findOneAndUpdate({ g: 'none' }, { $set: { a: 1 } }), null);
    const meta = await c.findOneAndUpdate({ _id: 9 }, { $set: { a: 1 } }, { upsert: true, returnDocument: 'after', includeResultMetadata: true });
    assert.deepEqual(meta.value, { _id: 9, a: 1 });
    assert.equal(meta.lastErrorObject?.['updatedExisting'], false);
    assert.equal(meta.lastErrorObject?.['upserted'], 9);
    const meta2 = await c.findOneAndUpdate({ _id: 9 }, { $set: { a: 2 } }, { includeResultMetadata: true });
    assert.equal(meta2.lastErrorObject?.['updatedExisting'], true);
    assert.deepEqual(meta2.value, { _id: 9, a: 1 });
    const upsertBefore = await c.findOneAndUpdate({ _id: 10 }, { $set: { a: 1 } }, { upsert: true, returnDocument: 'before' });
    assert.equal(upsertBefore, null);
  });

  it('guarded $inc returns null and changes nothing when the guard fails', async () => {
    const c = coll(env, 'guard');
    await c.insertOne({ _id: 'sku1', available: 3 });
    const ok = await c.findOneAndUpdate({ _id: 'sku1', available: { $gte: 2 } }, { $inc: { available: -2 } }, { returnDocument: 'after' });
    assert.deepEqual(ok, { _id: 'sku1', available: 1 });
    const refused = await c.findOneAndUpdate({ _id: 'sku1', available: { $gte: 2 } }, { $inc: { available: -2 } }, { returnDocument: 'after' });
    assert.equal(refused, null);
    assert.deepEqual(await c.findOne({ _id: 'sku1' }), { _id: 'sku1', available: 1 });
  });

  it('TTL-lock upsert: acquires when absent or expired, fails with 11000 while held', async () => {
    const c = coll(env, 'locks');
    const acquire = (owner: string, now: Date) =>
      c.findOneAndUpdate(
        { _id: 'lock-1', expiresAt: { $lt: now } },
        { $set: { owner, expiresAt: new Date(now.getTime() + 30_000) } },
        { upsert: true, returnDocument: 'after' },
      );
    const t0 = new Date();
    assert.equal((await acquire('A', t0))?.['owner'], 'A');
    const err = await rejection(acquire('B', new Date(t0.getTime() + 1000)));
    assert.equal(err['code'], 11000);
    assert.equal(err['codeName'], 'DuplicateKey');
    assert.deepEqual(err['keyPattern'], { _id: 1 });
    assert.deepEqual(err['keyValue'], { _id: 'lock-1' });
    assert.equal((await c.findOne({ _id: 'lock-1' }))?.['owner'], 'A', 'holder unchanged');
    const later = new Date(t0.getTime() + 31_000);
    assert.equal((await acquire('B', later))?.['owner'], 'B', 'expired lock is taken over');
    assert.equal(await c.countDocuments({ _id: 'lock-1' }), 1);
  });

  it('a failing update changes nothing in the document (14 TypeMismatch, 66 ImmutableField)', async () => {
    const c = coll(env, 'atomic');
    await c.insertOne({ _id: 1, name: 'str', n: 1 });
    const e1 = await rejection(c.updateOne({ _id: 1 }, { $set: { other: 1 }, $inc: { name: 1, n: 1 } }));
    assert.equal(e1['code'], 14);
    const e2 = await rejection(c.updateOne({ _id: 1 }, { $set: { _id: 2, other: 1 } }));
    assert.equal(e2['code'], 66);
    const e3 = await rejection(c.findOneAndReplace({ _id: 1 }, { _id: 3, x: 1 }));
    assert.equal(e3['code'], 66);
    const e4 = await rejection(c.updateOne({ _id: 1 }, upd({ $push: { name: 1 } })));
    assert.equal(e4['code'], 2);
    assert.deepEqual(await c.findOne({ _id: 1 }), { _id: 1, name: 'str', n: 1 });
    const same = await c.updateOne({ _id: 1 }, { $set: { _id: 1, n: 2 } });
    assert.equal(same.modifiedCount, 1, 'setting _id to its current value is allowed');
    const e5 = await rejection(c.updateOne({ _id: 1 }, upd({ $bogus: { a: 1 } })));
    assert.equal(e5['code'], 9);
  });
});
