/**
 * Equality lookups on `_id` and on unique (and plain) indexes go through the hash maps,
 * proven with the dev server's `serverStatus().devServer.docsExamined` counter.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import type { Collection, Db } from 'mongodb';
import { startMongoDevServer } from '../src/index';
import type { MongoDevServer } from '../src/index';

type Item = { _id: number; sku: string; g: number; n: number; wh: string };
const N = 100_000;

describe('index lookups use the hash maps (100k documents)', () => {
  let server: MongoDevServer;
  let client: MongoClient;
  let db: Db;
  let c: Collection<Item>;

  async function examined<T>(op: () => Promise<T>): Promise<{ result: T; docs: number }> {
    const before = await db.admin().command({ serverStatus: 1 });
    const result = await op();
    const after = await db.admin().command({ serverStatus: 1 });
    const count = (s: Record<string, unknown>): number => Number((s['devServer'] as Record<string, unknown>)['docsExamined']);
    return { result, docs: count(after) - count(before) };
  }

  before(async () => {
    server = await startMongoDevServer({ port: 0 });
    client = await MongoClient.connect(server.url);
    db = client.db('lookup');
    c = db.collection<Item>('items');
    const docs = Array.from({ length: N }, (_, i) => ({ _id: i, sku: `sku-${i}`, g: i % 1000, n: 5, wh: `w${i % 10}` }));
    await c.insertMany(docs);
    await c.createIndex({ sku: 1 }, { unique: true });
    await c.createIndex({ wh: 1, g: 1 }, { unique: false });
    await c.createIndex({ g: 1, wh: 1, sku: 1 }, { unique: true });
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('guarded findOneAndUpdate by _id examines exactly one document', async () => {
    const { result, docs } = await examined(() =>
      c.findOneAndUpdate({ _id: 77_777, n: { $gte: 2 } }, { $inc: { n: -2 } }, { returnDocument: 'after' }),
    );
    assert.equal(result?.n, 3);
    assert.equal(docs, 1);
    const miss = await examined(() => c.findOneAndUpdate({ _id: 77_777, n: { $gte: 4 } }, { $inc: { n: -4 } }));
    assert.equal(miss.result, null);
    assert.equal(miss.docs, 1);
  });

  it('unique-index and compound-unique lookups examine one document; $in on _id one per id', async () => {
    const bySku = await examined(() => c.findOne({ sku: 'sku-4242' }));
    assert.equal(bySku.result?._id, 4242);
    assert.equal(bySku.docs, 1);
    const byEq = await examined(() => c.updateOne({ sku: { $eq: 'sku-99999' } }, { $set: { n: 9 } }));
    assert.equal(byEq.result.modifiedCount, 1);
    assert.equal(byEq.docs, 1);
    const compound = await examined(() => c.findOne({ g: 42, wh: 'w2', sku: 'sku-1042' }));
    assert.equal(compound.result?._id, 1042);
    assert.equal(compound.docs, 1);
    const ins = await examined(() => c.find({ _id: { $in: [5, 3, 9_999] } }).toArray());
    assert.deepEqual(ins.result.map((d) => d._id), [3, 5, 9_999]);
    assert.equal(ins.docs, 3);
    const del = await examined(() => c.deleteOne({ _id: 12 }));
    assert.equal(del.result.deletedCount, 1);
    assert.equal(del.docs, 1);
  });

  it('non-unique index lookups examine only the matching keys; unindexed filters scan', async () => {
    const plain = await examined(() => c.find({ wh: 'w3', g: 3 }).toArray());
    assert.equal(plain.result.length, 100);
    assert.equal(plain.docs, 100);
    const scan = await examined(() => c.countDocuments({ n: 9 }));
    assert.equal(scan.result, 1);
    assert.ok(scan.docs >= N - 1, `unindexed query should scan, examined ${scan.docs}`);
  });

  it('uniqueness checks and upsert collisions do not scan', async () => {
    const dup = await examined(() => c.insertOne({ _id: N + 1, sku: 'sku-5', g: 1, n: 1, wh: 'x' }).catch((e: { code?: number }) => e.code));
    assert.equal(dup.result, 11000);
    assert.equal(dup.docs, 0);
    const lock = await examined(() =>
      c.findOneAndUpdate({ _id: 500, n: { $lt: 0 } }, { $set: { n: 1 } }, { upsert: true }).catch((e: { code?: number }) => e.code),
    );
    assert.equal(lock.result, 11000);
    assert.equal(lock.docs, 1);
  });
});
