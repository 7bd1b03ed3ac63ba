/**
 * Conformance: collations. The subset the dev server implements (locale `simple`, and `en` /
 * `en_US` at strength 1 or 2 with default options) must behave exactly as mongod 7 does in
 * find (filter and sort), count, distinct, delete, update, findAndModify, aggregate's leading
 * `$match`/`$sort` and unique indexes; everything else is refused with 238 on the dev server
 * (and checked for mongod's answer on a real server).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Document } from 'mongodb';
import { coll, conformance, exactOrRefused, rejection, upd } from './conformance.harness';

const CI = { locale: 'en', strength: 2 } as const;
const BASE = { locale: 'en_US', strength: 1 } as const;

conformance('collation', (env) => {
  it('strength 2 ignores case, strength 1 also accents, in find and count', async () => {
    const c = coll(env, 'words');
    await c.insertMany([{ _id: 1, s: 'cafe' }, { _id: 2, s: 'Café' }, { _id: 3, s: 'CAFE' }, { _id: 4, s: 'tea' }, { _id: 5, s: ['x', 'CAFÉ'] }]);
    const ids = (docs: Document[]): unknown[] => docs.map((d) => d['_id']).sort();
    assert.deepEqual(ids(await c.find({ s: 'CaFe' }, { collation: CI }).toArray()), [1, 3]);
    assert.deepEqual(ids(await c.find({ s: 'cafe' }, { collation: BASE }).toArray()), [1, 2, 3, 5]);
    assert.deepEqual(ids(await c.find({ s: { $in: ['café', 'TEA'] } }, { collation: CI }).toArray()), [2, 4, 5]);
    assert.deepEqual(ids(await c.find({ s: { $ne: 'cafe' } }, { collation: CI }).toArray()), [2, 4, 5]);
    assert.equal(await c.countDocuments({ s: 'CAFE' }, { collation: BASE }), 4);
    assert.equal(await c.countDocuments({ s: 'CAFE' }), 1, 'no collation: binary');
    assert.deepEqual(ids(await c.find({ s: 'cafe' }, { collation: { locale: 'simple' } }).toArray()), [1]);
  });

  it('strength 3 (also when omitted) tells case apart and sorts lowercase first', async () => {
    const c = coll(env, 'tertiary');
    await c.insertMany([{ _id: 1, s: 'B' }, { _id: 2, s: 'a' }, { _id: 3, s: 'A' }, { _id: 4, s: 'b' }, { _id: 5, s: 'á' }]);
    const sorted = await c.find({}, { sort: { s: 1 }, collation: { locale: 'en', strength: 3 } }).toArray();
    assert.deepEqual(sorted.map((d) => d['s']), ['a', 'A', 'á', 'b', 'B']);
    assert.deepEqual((await c.find({ s: 'a' }, { collation: { locale: 'en_US' } }).toArray()).map((d) => d['_id']), [2]);
    assert.equal(await c.countDocuments({ s: { $gt: 'a' } }, { collation: { locale: 'en', strength: 3 } }), 4);
  });

  it('ranges and sorts follow the collation', async () => {
    const c = coll(env, 'fruit');
    await c.insertMany([{ _id: 1, f: 'banana' }, { _id: 2, f: 'Apple' }, { _id: 3, f: 'cherry' }, { _id: 4, f: 'apricot' }, { _id: 5, f: 'Banana split' }]);
    const sorted = await c.find({}, { collation: CI, sort: { f: 1 } }).toArray();
    assert.deepEqual(sorted.map((d) => d['f']), ['Apple', 'apricot', 'banana', 'Banana split', 'cherry']);
    const binary = await c.find({}, { sort: { f: 1 } }).toArray();
    assert.deepEqual(binary.map((d) => d['f']), ['Apple', 'Banana split', 'apricot', 'banana', 'cherry']);
    const range = await c.find({ f: { $gte: 'B', $lt: 'c' } }, { collation: CI, sort: { f: -1 } }).toArray();
    assert.deepEqual(range.map((d) => d['f']), ['Banana split', 'banana']);
    const top = await c.find({}, { collation: CI, sort: { f: -1 }, limit: 2, projection: { _id: 0 } }).toArray();
    assert.deepEqual(top, [{ f: 'cherry' }, { f: 'Banana split' }]);
    const agg = await c.aggregate([{ $match: { f: { $lt: 'B' } } }, { $sort: { f: 1 } }], { collation: CI }).toArray();
    assert.deepEqual(agg.map((d) => d['_id']), [2, 4]);
  });

  it('distinct merges values equal under the collation', async () => {
    const c = coll(env, 'tags');
    await c.insertMany([{ t: 'ping' }, { t: 'PING' }, { t: 'pong' }, { t: 'Pïng' }]);
    assert.equal((await c.distinct('t', {}, { collation: CI })).length, 3);
    assert.equal((await c.distinct('t', {}, { collation: BASE })).length, 2);
    assert.equal((await c.distinct('t')).length, 4);
  });

  it('writes honour the collation; comparing update operators are implemented or refused', async () => {
    const c = coll(env, 'writes');
    await c.insertMany([{ _id: 1, x: 'ping' }, { _id: 2, x: 'PING' }, { _id: 3, x: 'pong' }]);
    const u = await c.updateMany({ x: 'Ping' }, { $set: { hit: true } }, { collation: CI });
    assert.equal(u.matchedCount, 2);
    const fam = await c.findOneAndUpdate({ x: 'PING' }, { $set: { y: 1 } }, { collation: CI, sort: { _id: -1 }, returnDocument: 'after' });
    assert.deepEqual(fam, { _id: 2, x: 'PING', hit: true, y: 1 });
    assert.equal((await c.deleteOne({ x: 'PONG' }, { collation: CI })).deletedCount, 1);
    await exactOrRefused(env, () => c.updateOne({ _id: 1 }, upd({ $addToSet: { tags: 'A' } }), { collation: CI }), (r) => assert.equal(r.modifiedCount, 1));
  });

  it('a unique index with a collation rejects keys equal under it', async () => {
    const c = coll(env, 'users');
    await c.createIndex({ email: 1 }, { unique: true, collation: CI, name: 'email_ci' });
    await c.insertOne({ _id: 1, email: 'Ann@Example.com' });
    const dup = await rejection(c.insertOne({ _id: 2, email: 'ann@example.COM' }));
    assert.equal(dup['code'], 11000);
    await c.insertOne({ _id: 3, email: 'bob@example.com' });
    const upd2 = await rejection(c.updateOne({ _id: 3 }, { $set: { email: 'ANN@example.com' } }));
    assert.equal(upd2['code'], 11000);
    await c.deleteOne({ _id: 1 });
    await c.insertOne({ _id: 4, email: 'ann@example.com' });
    const ix = (await c.listIndexes().toArray()).find((i) => i['name'] === 'email_ci');
    const spec = ix?.['collation'] as Document;
    assert.equal(spec['locale'], 'en');
    assert.equal(spec['strength'], 2);
    assert.equal(spec['caseLevel'], false);
    assert.equal(spec['alternate'], 'non-ignorable');
    const build = coll(env, 'users2');
    await build.insertMany([{ e: 'X' }, { e: 'x' }]);
    assert.equal((await rejection(build.createIndex({ e: 1 }, { unique: true, collation: BASE })))['code'], 11000);
  });

  it('other collations and string matchers are implemented or refused, never ignored', async () => {
    const c = coll(env, 'others');
    await c.insertMany([{ _id: 1, s: 'a' }, { _id: 2, s: 'A' }, { _id: 3, s: 'b' }]);
    await exactOrRefused(env, () => c.find({ s: 'a' }, { collation: { locale: 'en' } }).toArray(), (docs) => assert.deepEqual(docs, [{ _id: 1, s: 'a' }]));
    await exactOrRefused(env, () => c.find({ s: 'a' }, { collation: { locale: 'fr', strength: 2 } }).toArray(), (docs) => assert.equal(docs.length, 2));
    await exactOrRefused(env, () => c.find({ s: 'a' }, { collation: { locale: 'en', strength: 2, caseLevel: true } }).toArray(), (docs) => assert.equal(docs.length, 1));
    await exactOrRefused(env, () => c.find({ s: { $regex: '^a' } }, { collation: CI }).toArray(), (docs) => assert.deepEqual(docs, [{ _id: 1, s: 'a' }]));
    await exactOrRefused(env, () => c.aggregate([{ $group: { _id: '$s' } }], { collation: CI }).toArray(), (docs) => assert.equal(docs.length, 2));
    const unknown = await rejection(c.find({}, { collation: { locale: 'en', strength: 2, bogus: 1 } as never }).toArray());
    assert.equal(unknown['code'], 40415);
  });
});
