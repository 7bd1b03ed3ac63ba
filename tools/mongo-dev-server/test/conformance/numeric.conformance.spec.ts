/**
 * Conformance: numeric types are kept as stored (int32, int64, double — also integral ones —
 * and decimal128), compare by value in queries, indexes and sorts, and `$inc`/`$mul`/
 * `$min`/`$max` follow mongod's type rules (int32 overflow → int64; int64 overflow → 2).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal128, Double, Int32, Long } from 'mongodb';
import type { Document } from 'mongodb';
import { coll, conformance, exactOrRefused, rejection } from './conformance.harness';

function typeOf(v: unknown): string {
  if (v instanceof Int32) return 'int';
  if (v instanceof Long) return 'long';
  if (v instanceof Double) return 'double';
  if (v instanceof Decimal128) return 'decimal';
  return typeof v;
}

conformance('numeric types', (env) => {
  it('int32, int64, double (integral too) and decimal128 come back as stored', async () => {
    const c = coll(env, 'types');
    const big = Long.fromString('9007199254740993');
    await c.insertOne({ _id: 1, i: new Int32(2), l: Long.fromNumber(2), big, d: new Double(2), f: 2.5, neg: new Double(-0), dec: Decimal128.fromString('2.10'), arr: [new Double(1), Long.fromNumber(1)] });
    const raw = await c.findOne({ _id: 1 }, { promoteValues: false, promoteLongs: false });
    assert.ok(raw);
    assert.deepEqual(
      ['i', 'l', 'big', 'd', 'f', 'neg', 'dec'].map((k) => typeOf(raw[k])),
      ['int', 'long', 'long', 'double', 'double', 'double', 'decimal'],
    );
    assert.equal(String(raw['big']), '9007199254740993');
    assert.equal(String(raw['dec']), '2.10');
    assert.deepEqual((raw['arr'] as unknown[]).map(typeOf), ['double', 'long']);
    const promoted = await c.findOne({ _id: 1 }, { useBigInt64: true });
    assert.equal(promoted?.['l'], 2n);
  });

  it('numbers of every type compare by value in filters, indexes, sorts and distinct', async () => {
    const c = coll(env, 'compare');
    await c.createIndex({ v: 1 });
    await c.insertMany([
      { _id: 1, v: new Int32(2) },
      { _id: 2, v: Long.fromNumber(2) },
      { _id: 3, v: new Double(2) },
      { _id: 4, v: 2.5 },
      { _id: 5, v: Long.fromNumber(-7) },
      { _id: 6, v: new Double(10) },
    ]);
    const ids = async (filter: Document): Promise<unknown[]> => (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d['_id']);
    assert.deepEqual(await ids({ v: 2 }), [1, 2, 3]);
    assert.deepEqual(await ids({ v: Long.fromNumber(2) }), [1, 2, 3]);
    assert.deepEqual(await ids({ v: { $gt: 2 } }), [4, 6]);
    assert.deepEqual(await ids({ v: { $lt: 0 } }), [5]);
    assert.deepEqual(await ids({ v: { $in: [new Double(10), -7] } }), [5, 6]);
    assert.deepEqual((await c.find().sort({ v: -1, _id: 1 }).toArray()).map((d) => d['_id']), [6, 4, 1, 2, 3, 5]);
    assert.equal(await c.countDocuments({ v: { $gte: 2, $lte: 2 } }), 3);
    const distinct = await c.distinct('v');
    assert.deepEqual(distinct.map(Number), [-7, 2, 2.5, 10]);
    const unique = coll(env, 'uniq');
    await unique.createIndex({ n: 1 }, { unique: true });
    await unique.insertOne({ n: Long.fromNumber(5) });
    assert.equal((await rejection(unique.insertOne({ n: new Double(5) })))['code'], 11000);
    await unique.insertOne({ n: Long.fromString('9007199254740993') });
    await unique.insertOne({ n: Long.fromString('9007199254740992') });
  });

  it('$inc keeps types and promotes an int32 overflow to int64; int64 overflow fails with 2', async () => {
    const c = coll(env, 'inc');
    await c.insertOne({ _id: 1, i: new Int32(2147483647), l: Long.fromNumber(5), d: new Double(2), m: new Int32(65536), big: Long.MAX_VALUE, w: new Int32(1) });
    await c.updateOne({ _id: 1 }, { $inc: { i: 1, l: 1, d: 1, fresh: Long.fromNumber(3) }, $mul: { m: 65536 } });
    const raw = await c.findOne({ _id: 1 }, { promoteValues: false, promoteLongs: false });
    assert.ok(raw);
    assert.equal(typeOf(raw['i']), 'long');
    assert.equal(String(raw['i']), '2147483648');
    assert.equal(typeOf(raw['l']), 'long');
    assert.equal(String(raw['l']), '6');
    assert.equal(typeOf(raw['d']), 'double');
    assert.equal(Number(raw['d']), 3);
    assert.equal(typeOf(raw['fresh']), 'long');
    assert.equal(typeOf(raw['m']), 'long');
    assert.equal(String(raw['m']), '4294967296');
    const over = await rejection(c.updateOne({ _id: 1 }, { $inc: { big: 1 } }));
    assert.equal(over['code'], 2);
    assert.match(over.message, /Failed to apply \$inc operations to current value \(\(NumberLong\)9223372036854775807\)/);
    await c.updateOne({ _id: 1 }, { $inc: { w: 0.5 } });
    assert.equal((await c.findOne({ _id: 1 }))?.['w'], 1.5);
    await c.updateOne({ _id: 1 }, { $inc: { w: 0.5 } });
    const w = (await c.findOne({ _id: 1 }, { promoteValues: false }))?.['w'];
    assert.equal(typeOf(w), 'double', 'int + double = double, even when integral');
  });

  it('$min/$max compare across numeric types and keep the winner with its type', async () => {
    const c = coll(env, 'minmax');
    await c.insertOne({ _id: 1, lo: Long.fromNumber(5), hi: new Double(5) });
    await c.updateOne({ _id: 1 }, { $min: { lo: 7 }, $max: { hi: 4 } });
    let raw = await c.findOne({ _id: 1 }, { promoteValues: false, promoteLongs: false });
    assert.equal(typeOf(raw?.['lo']), 'long');
    assert.equal(typeOf(raw?.['hi']), 'double');
    await c.updateOne({ _id: 1 }, { $min: { lo: new Int32(3) }, $max: { hi: Long.fromNumber(9) } });
    raw = await c.findOne({ _id: 1 }, { promoteValues: false, promoteLongs: false });
    assert.equal(typeOf(raw?.['lo']), 'int');
    assert.equal(typeOf(raw?.['hi']), 'long');
  });

  it('positional $inc overflowing int32 becomes int64', async () => {
    const c = coll(env, 'posinc');
    await c.insertOne({ _id: 1, items: [{ k: 'a', n: new Int32(2147483647) }, { k: 'b', n: new Int32(1) }] });
    await c.updateOne({ _id: 1, 'items.k': 'a' }, { $inc: { 'items.$.n': 1 } });
    const raw = await c.findOne({ _id: 1 }, { promoteValues: false, promoteLongs: false });
    const items = raw?.['items'] as Document[];
    assert.deepEqual(items.map((i) => [typeOf(i['n']), String(i['n'])]), [['long', '2147483648'], ['int', '1']]);
    await c.insertOne({ _id: 2, items: [{ n: new Int32(2147483647) }, { n: new Int32(1) }] });
    await c.updateOne({ _id: 2 }, { $inc: { 'items.$[].n': 2 } });
    const raw2 = await c.findOne({ _id: 2 }, { promoteValues: false, promoteLongs: false });
    assert.deepEqual((raw2?.['items'] as Document[]).map((i) => [typeOf(i['n']), String(i['n'])]), [['long', '2147483649'], ['int', '3']]);
  });

  it('$type on a specific numeric type matches exactly (or is refused)', async () => {
    const c = coll(env, 'typeq');
    await c.insertMany([{ _id: 1, v: new Int32(1) }, { _id: 2, v: Long.fromNumber(1) }, { _id: 3, v: new Double(1) }]);
    await exactOrRefused(env, () => c.find({ v: { $type: 'long' } }).toArray(), (docs) => assert.deepEqual(docs.map((d) => d['_id']), [2]));
    assert.equal(await c.countDocuments({ v: { $type: 'number' } }), 3);
  });
});
