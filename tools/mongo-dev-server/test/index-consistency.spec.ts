/**
 * Index lookups must never miss a matching document: for many random equality filters over
 * documents with mixed types, arrays and nested paths, results through the hash indexes
 * equal the results of a forced collection scan (`hint: {$natural: 1}`). The same holds for
 * random range / `$in` / `$or` filters with sorts and limits answered by ordered index scans
 * (mixed scalar types, missing and null values, a compound index with a descending field),
 * before and after random updates that move documents within the indexes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient, ObjectId } from 'mongodb';
import type { Collection, Document, Filter } from 'mongodb';
import { startMongoDevServer } from '../src/index';
import type { MongoDevServer } from '../src/index';
import { rng } from './seeded-random';

type Row = Document & { _id: unknown };

const FIXED_OID = new ObjectId('65a000000000000000000001');
const G_VALUES: unknown[] = [1, 2, 2.5, 'a', 'b', null, [1, 'a'], [], { x: 1 }, { x: 1, y: 2 }, new Date(0), FIXED_OID, true, [{ x: 1 }]];
const A_VALUES: unknown[] = [[{ b: 1 }, { b: [2, 3] }], { b: 1 }, undefined, [{ c: 1 }], { b: 'z' }, [{ b: null }]];
/** Scalars only (no arrays, no NaN): the `{r: 1}` index stays usable for ranges. */
const R_VALUES: unknown[] = [0, 1, 1.5, -2, 7, 100, 'a', 'b', 'ab', '', true, false, null, undefined, new Date(0), new Date(5000), new Date(-5000), FIXED_OID, new ObjectId('65a000000000000000000009')];
const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'] as const;

describe('index lookups agree with collection scans (randomised)', () => {
  let server: MongoDevServer;
  let client: MongoClient;
  let c: Collection<Row>;
  const random = rng(20241125);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const ids: unknown[] = [];

  before(async () => {
    server = await startMongoDevServer({ port: 0 });
    client = await MongoClient.connect(server.url);
    c = client.db('consistency').collection<Row>('docs');
    await c.createIndex({ u: 1 }, { unique: true, sparse: true });
    await c.createIndex({ p: 1, q: 1 }, { unique: true });
    await c.createIndex({ g: 1 });
    await c.createIndex({ 'a.b': 1 });
    await c.createIndex({ r: 1 });
    await c.createIndex({ t: -1, p: 1 });
    const docs: Row[] = [];
    for (let i = 0; i < 1500; i++) {
      const id = i % 3 === 0 ? i : i % 3 === 1 ? `s${i}` : { k: i, t: 'x' };
      ids.push(id);
      const doc: Row = { _id: id, p: i % 50, q: Math.floor(i / 50), g: pick(G_VALUES) };
      if (i % 4 !== 0) doc['u'] = i % 5 === 0 ? [i * 10, i * 10 + 1] : i % 2 === 0 ? i : `u${i}`;
      const a = pick(A_VALUES);
      if (a !== undefined) doc['a'] = a;
      const r = pick(R_VALUES);
      if (r !== undefined) doc['r'] = r;
      if (i % 7 !== 0) doc['t'] = new Date(Math.floor(random() * 50) * 1000);
      docs.push(doc);
    }
    await c.insertMany(docs);
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  function randomFilter(): Filter<Row> {
    return randomFilterDoc();
  }

  function randomFilterDoc(): Document {
    const i = Math.floor(random() * 1600);
    const uValue = i % 5 === 0 ? i * 10 + Math.floor(random() * 2) : i % 2 === 0 ? i : `u${i}`;
    switch (Math.floor(random() * 9)) {
      case 0:
        return { u: uValue };
      case 1:
        return { u: { $in: [uValue, `u${i + 1}`, i + 2] } };
      case 2:
        return { g: pick(G_VALUES) };
      case 3:
        return { 'a.b': pick([1, 2, 3, 'z', null, [2, 3]]) };
      case 4:
        return { p: i % 50, q: { $eq: Math.floor(i / 50) } };
      case 5:
        return { _id: pick(ids) };
      case 6:
        return { _id: { $in: [pick(ids), pick(ids), 'nope'] } };
      case 7:
        return { $and: [{ g: pick(G_VALUES) }, { p: { $gte: i % 50 } }] };
      default:
        return { g: pick(G_VALUES), p: i % 50 };
    }
  }

  function randomRangeFilter(): Document {
    const bound = (): Document => {
      const op = pick(RANGE_OPS);
      const second = pick(RANGE_OPS);
      const v = pick(R_VALUES.filter((x) => x !== undefined && x !== null));
      return random() < 0.5 ? { [op]: v } : { [op]: v, [second]: pick(R_VALUES.filter((x) => x !== undefined && x !== null)) };
    };
    const date = (): Date => new Date(Math.floor(random() * 52) * 1000);
    switch (Math.floor(random() * 8)) {
      case 0:
        return { r: bound() };
      case 1:
        return { r: { $in: [pick(R_VALUES), pick(R_VALUES), pick(R_VALUES)].filter((v) => v !== undefined && v !== null) } };
      case 2:
        return { $or: [{ r: bound() }, { r: pick(R_VALUES.filter((v) => v !== undefined)) }] };
      case 3:
        return { t: { $lt: date() }, p: { $in: [random() * 50, 3, 7].map(Math.floor) } };
      case 4:
        return { t: { $gte: date(), $lte: date() } };
      case 5:
        return { p: { $in: [Math.floor(random() * 50), Math.floor(random() * 50)] }, q: { [pick(RANGE_OPS)]: Math.floor(random() * 30) } };
      case 6:
        return { $and: [{ r: bound() }, { g: pick(G_VALUES) }] };
      default:
        return {};
    }
  }

  const SORTS: Document[] = [{ r: 1, _id: 1 }, { r: -1, _id: 1 }, { t: -1, p: 1, _id: 1 }, { t: 1, p: -1, _id: 1 }, { t: 1, _id: -1 }, { p: 1, q: -1 }, { p: -1, q: -1 }, { q: 1, _id: 1 }, { _id: 1 }];

  async function compareRangeQueries(count: number): Promise<number> {
    let nonEmpty = 0;
    for (let n = 0; n < count; n++) {
      const filter = randomRangeFilter();
      const sort = pick(SORTS);
      const limit = pick([0, 1, 5, 50]);
      const viaIndex = (await c.find(filter).sort(sort).limit(limit).project({ _id: 1 }).toArray()).map((d) => JSON.stringify(d._id));
      const viaScan = (await c.find(filter).hint({ $natural: 1 }).sort(sort).limit(limit).project({ _id: 1 }).toArray()).map((d) => JSON.stringify(d._id));
      assert.deepEqual(viaIndex, viaScan, `filter ${JSON.stringify(filter)} sort ${JSON.stringify(sort)} limit ${limit}`);
      if (viaScan.length > 0) nonEmpty++;
    }
    return nonEmpty;
  }

  it('range, $in and $or filters with sorts and limits agree with scans (500 random queries)', async () => {
    const lookups = async (): Promise<number> => Number(((await client.db('admin').command({ serverStatus: 1 }))['devServer'] as Document)['indexLookups']);
    const before = await lookups();
    const nonEmpty = await compareRangeQueries(500);
    assert.ok(nonEmpty > 150, `too few range queries matched anything (${nonEmpty})`);
    const used = (await lookups()) - before;
    assert.ok(used > 300, `most queries should go through an index, ${used} of 500 did`);
  });

  it('returns the same documents for 400 random filters', async () => {
    let nonEmpty = 0;
    for (let n = 0; n < 400; n++) {
      const filter = randomFilter();
      const viaIndex = (await c.find(filter).sort({ _id: 1 }).project({ _id: 1 }).toArray()).map((d) => JSON.stringify(d._id));
      const viaScan = (await c.find(filter).hint({ $natural: 1 }).sort({ _id: 1 }).project({ _id: 1 }).toArray()).map((d) => JSON.stringify(d._id));
      assert.deepEqual(viaIndex, viaScan, `filter ${JSON.stringify(filter)}`);
      if (viaScan.length > 0) nonEmpty++;
    }
    assert.ok(nonEmpty > 100, `too few filters matched anything (${nonEmpty}); the test would prove little`);
  });

  it('updates keep indexes consistent (index results still equal scans afterwards)', async () => {
    for (let n = 0; n < 300; n++) {
      const id = pick(ids);
      await c.updateOne({ _id: id } as Filter<Row>, { $set: { z: n } }); // no index reads z: none changes
      await c.updateOne({ _id: id } as Filter<Row>, { $set: { g: pick(G_VALUES), a: pick(A_VALUES.filter((v) => v !== undefined)) } });
      const moved = pick(R_VALUES);
      if (moved === undefined) await c.updateOne({ _id: id } as Filter<Row>, { $unset: { r: '' } });
      else await c.updateOne({ _id: id } as Filter<Row>, { $set: { r: moved, t: new Date(Math.floor(random() * 50) * 1000) } });
    }
    await c.deleteMany({ p: { $lt: 3 } });
    for (let n = 0; n < 200; n++) {
      const filter = randomFilter();
      const viaIndex = (await c.find(filter).sort({ _id: 1 }).project({ _id: 1 }).toArray()).map((d) => JSON.stringify(d._id));
      const viaScan = (await c.find(filter).hint({ $natural: 1 }).sort({ _id: 1 }).project({ _id: 1 }).toArray()).map((d) => JSON.stringify(d._id));
      assert.deepEqual(viaIndex, viaScan, `filter ${JSON.stringify(filter)}`);
    }
    await compareRangeQueries(300);
  });

  it('a write that changes only the field of a partial filter moves the document into and out of that index', async () => {
    const p = client.db('consistency').collection<{ _id: number; sku: string; active: boolean; meta: { live?: number } }>('partial');
    await p.createIndex({ sku: 1 }, { unique: true, partialFilterExpression: { $and: [{ active: true }, { 'meta.live': { $exists: true } }] } });
    await p.insertMany([
      { _id: 1, sku: 'a', active: false, meta: { live: 1 } },
      { _id: 2, sku: 'a', active: false, meta: { live: 1 } },
    ]);
    await p.updateOne({ _id: 1 }, { $set: { active: true } });
    await assert.rejects(p.updateOne({ _id: 2 }, { $set: { active: true } }), { code: 11000 });
    await p.updateOne({ _id: 1 }, { $unset: { 'meta.live': '' } });
    await p.updateOne({ _id: 2 }, { $set: { active: true } });
    await assert.rejects(p.updateOne({ _id: 1 }, { $set: { 'meta.live': 2 } }), { code: 11000 });
    assert.deepEqual(await p.find({ sku: 'a', active: true, 'meta.live': { $exists: true } }).project({ _id: 1 }).toArray(), [{ _id: 2 }]);
  });
});
