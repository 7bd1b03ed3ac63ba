/**
 * The TTL monitor deletes expired documents (Date or array of dates) and keeps the rest, both
 * through the TTL index's ordered entries (ascending or descending) and by a scan (multikey).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import type { Collection } from 'mongodb';
import { startMongoDevServer } from '../src/index';
import type { MongoDevServer } from '../src/index';

type Doc = { _id: string; [k: string]: unknown };

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('TTL monitor (ttlMonitorIntervalMs: 100)', () => {
  let server: MongoDevServer;
  let client: MongoClient;
  let c: Collection<Doc>;
  let d: Collection<Doc>;

  before(async () => {
    server = await startMongoDevServer({ port: 0, ttlMonitorIntervalMs: 100 });
    client = await MongoClient.connect(server.url);
    c = client.db('ttl').collection<Doc>('sessions');
    d = client.db('ttl').collection<Doc>('delayed');
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('removes expired documents and keeps unexpired, non-date and missing ones', async () => {
    await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    const now = Date.now();
    await c.insertMany([
      { _id: 'expired', expiresAt: new Date(now - 60_000) },
      { _id: 'future', expiresAt: new Date(now + 3_600_000) },
      { _id: 'array-one-past', expiresAt: [new Date(now + 3_600_000), new Date(now - 1000)] },
      { _id: 'array-all-future', expiresAt: [new Date(now + 3_600_000)] },
      { _id: 'not-a-date', expiresAt: 'tomorrow' },
      { _id: 'missing' },
    ]);
    // no arrays here: the sweep reads the expired range of the ordered index instead of scanning
    await d.createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    await d.insertMany([
      { _id: 'old', at: new Date(now - 120_000) },
      { _id: 'recent', at: new Date(now - 30_000) },
      { _id: 'number', at: 5 },
      { _id: 'none' },
    ]);
    const desc = client.db('ttl').collection<Doc>('descending');
    await desc.createIndex({ at: -1 }, { expireAfterSeconds: 60 });
    await desc.insertMany([
      { _id: 'old', at: new Date(now - 120_000) },
      { _id: 'older', at: new Date(now - 240_000) },
      { _id: 'recent', at: new Date(now - 30_000) },
      { _id: 'text', at: 'x' },
    ]);
    const gone = await waitFor(async () => (await c.countDocuments()) === 4 && (await d.countDocuments()) === 3 && (await desc.countDocuments()) === 2, 3000);
    assert.ok(gone, 'expired documents were not removed in time');
    const left = (await c.find({}).toArray()).map((x) => x._id).sort();
    assert.deepEqual(left, ['array-all-future', 'future', 'missing', 'not-a-date']);
    assert.deepEqual((await d.find({}).toArray()).map((x) => x._id).sort(), ['none', 'number', 'recent']);
    assert.deepEqual((await desc.find({}).toArray()).map((x) => x._id).sort(), ['recent', 'text']);
  });

  it('removes documents that expire after insertion on a later sweep', async () => {
    await c.insertOne({ _id: 'soon', expiresAt: new Date(Date.now() + 300) });
    assert.equal(await c.countDocuments({ _id: 'soon' }), 1);
    assert.ok(await waitFor(async () => (await c.countDocuments({ _id: 'soon' })) === 0, 3000));
    assert.equal(await c.countDocuments({ _id: 'future' }), 1);
  });
});
