/**
 * Index lookups must never miss a matching document: for many random equality filters over
 * documents with mixed types, arrays and nested paths, results through the hash indexes
 * equal the results of a forced collection scan (`hint: {$natural: 1}`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient, ObjectId } from 'mongodb';
import type { Collection, Document, Filter } from 'mongodb';
import { startMongoDevServer } from '../src/index';
import type { MongoDevServer } from '../src/index';

type Row = Document & { _id: unknown };

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FIXED_OID = new ObjectId('65a000000000000000000001');
const G_VALUES: unknown[] = [1, 2, 2.5, 'a', 'b', null, [1, 'a'], [], { x: 1 }, { x: 1, y: 2 }, new Date(0), FIXED_OID, true, [{ x: 1 }]];
const A_VALUES: unknown[] = [[{ b: 1 }, { b: [2, 3] }], { b: 1 }, undefined, [{ c: 1 }], { b: 'z' }, [{ b: null }]];

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
    const docs: Row[] = [];
    for (let i = 0; i < 1500; i++) {
      const id = i % 3 === 0 ? i : i % 3 === 1 ? `s${i}` : { k: i, t: 'x' };
      ids.push(id);
      const doc: Row = { _id: id, p: i % 50, q: Math.floor(i / 50), g: pick(G_VALUES) };
      if (i % 4 !== 0) doc['u'] = i % 5 === 0 ? [i * 10, i * 10 + 1] : i % 2 === 0 ? i : `u${i}`;
      const a = pick(A_VALUES);
      if (a !== undefined) doc['a'] = a;
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
      await c.updateOne({ _id: id } as Filter<Row>, { $set: { g: pick(G_VALUES), a: pick(A_VALUES.filter((v) => v !== undefined)) } });
    }
    await c.deleteMany({ p: { $lt: 3 } });
    for (let n = 0; n < 200; n++) {
      const filter = randomFilter();
      const viaIndex = (await c.find(filter).sort({ _id: 1 }).project({ _id: 1 }).toArray()).map((d) => JSON.stringify(d._id));
      const viaScan = (await c.find(filter).hint({ $natural: 1 }).sort({ _id: 1 }).project({ _id: 1 }).toArray()).map((d) => JSON.stringify(d._id));
      assert.deepEqual(viaIndex, viaScan, `filter ${JSON.stringify(filter)}`);
    }
  });
});
