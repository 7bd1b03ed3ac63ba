/**
 * Edge cases of ordered index plans, each checked against a forced collection scan
 * (`hint: {$natural: 1}`) and for documents examined: ranges closed by their type bracket
 * (a range on a Date matches Dates only) on a TTL-style `{expiresAt: 1}` index holding mixed
 * types, missing and null; missing/null sorting first; updates and deletes moving documents
 * within an index; a cursor whose index walk continues across writes; and the fallback to a
 * scan once a document makes the index multikey (array) or holds NaN.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient, ObjectId } from 'mongodb';
import type { Collection, Db, Filter, Sort } from 'mongodb';
import { startMongoDevServer } from '../src/index';
import type { MongoDevServer } from '../src/index';
import { examined } from './server-counters';
import { rng } from './seeded-random';

const N = 20_000;
const T0 = Date.UTC(2024, 0, 1);
const at = (s: number): Date => new Date(T0 + s * 1000);

type Row = { _id: number; expiresAt?: unknown; owner?: string; n?: number };
type Loose = { _id: number | string; [k: string]: unknown };

describe('ordered index plans: edge cases', () => {
  let server: MongoDevServer;
  let client: MongoClient;
  let db: Db;
  let locks: Collection<Row>;

  async function sameAsScan(c: Collection<Row>, filter: Filter<Row>, sort: Sort = { _id: 1 }, limit = 0): Promise<{ ids: unknown[]; docs: number; scans: number }> {
    const viaIndex = await examined(db, () => c.find(filter).sort(sort).limit(limit).toArray());
    const viaScan = await c.find(filter).sort(sort).limit(limit).hint({ $natural: 1 }).toArray();
    const ids = viaIndex.result.map((d) => d._id);
    assert.deepEqual(ids, viaScan.map((d) => d._id), `filter ${JSON.stringify(filter)} sort ${JSON.stringify(sort)}`);
    return { ids, docs: viaIndex.docs, scans: viaIndex.collectionScans };
  }

  before(async () => {
    server = await startMongoDevServer({ port: 0, ttlMonitorIntervalMs: 0 });
    client = await MongoClient.connect(server.url);
    db = client.db('range_edges');
    locks = db.collection<Row>('locks');
    await locks.createIndex({ expiresAt: 1 }, { name: 'lock_ttl', expireAfterSeconds: 3600 });
    const docs: Row[] = [];
    for (let i = 0; i < N; i++) docs.push({ _id: i, expiresAt: at(i), owner: `w${i % 7}` });
    // other types in the same index: numbers, strings, ObjectIds, booleans, null, missing
    for (let i = 0; i < 40; i++) {
      docs.push({ _id: N + i, expiresAt: i * 1000 });
      docs.push({ _id: N + 100 + i, expiresAt: `s${String(i).padStart(3, '0')}` });
      docs.push({ _id: N + 200 + i, expiresAt: new ObjectId(`65a0000000000000000000${String(i).padStart(2, '0')}`) });
      docs.push({ _id: N + 300 + i, expiresAt: i % 2 === 0 });
      docs.push({ _id: N + 400 + i, expiresAt: null });
      docs.push({ _id: N + 500 + i });
    }
    const random = rng(3);
    for (let i = docs.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [docs[i], docs[j]] = [docs[j], docs[i]];
    }
    for (let i = 0; i < docs.length; i += 5000) await locks.insertMany(docs.slice(i, i + 5000));
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('range predicates on a single-field index are type-bracketed and examine only the matches', async () => {
    // [filter, matches, most documents the plan may examine]
    const cases: [Filter<Row>, number, number][] = [
      [{ expiresAt: { $lt: at(100) } }, 100, 100],
      [{ expiresAt: { $lte: at(100) } }, 101, 101],
      [{ expiresAt: { $gt: at(N - 51) } }, 50, 50],
      [{ expiresAt: { $gte: at(N - 50) } }, 50, 50],
      [{ expiresAt: { $gt: at(500), $lte: at(700) } }, 200, 200],
      [{ $and: [{ expiresAt: { $gte: at(10) } }, { expiresAt: { $lt: at(20) } }] }, 10, 10],
      [{ expiresAt: { $gte: at(5), $lte: at(5) } }, 1, 1],
      [{ expiresAt: { $gt: at(9), $lt: at(5) } }, 0, 0],
      [{ expiresAt: { $gt: 5000, $lt: 20_000 } }, 14, 14],
      [{ expiresAt: { $lt: 's010' } }, 10, 10],
      [{ expiresAt: { $gte: new ObjectId('65a000000000000000000030') } }, 10, 10],
      [{ expiresAt: { $gt: false } }, 20, 20],
      [{ expiresAt: { $in: [at(1), at(3), 4000, 's001', true] } }, 24, 24],
      [{ $or: [{ expiresAt: { $lt: at(3) } }, { expiresAt: { $gt: at(N - 3) } }] }, 5, 5],
      [{ $or: [{ expiresAt: { $lt: at(3) } }, { expiresAt: 's002' }], owner: 'w1' }, 1, 4],
      [{ expiresAt: { $lt: at(50) }, owner: 'w3' }, 7, 50],
    ];
    for (const [filter, count, most] of cases) {
      const r = await sameAsScan(locks, filter);
      assert.equal(r.ids.length, count, `matches of ${JSON.stringify(filter)}`);
      assert.equal(r.scans, 0, `${JSON.stringify(filter)} used an index`);
      assert.ok(r.docs <= most, `${JSON.stringify(filter)} examined ${r.docs}, expected at most ${most}`);
    }
  });

  it('sorts walk the index in either direction; missing and null sort first, before numbers', async () => {
    // [sort, most documents examined]: with `_id` after the indexed field only runs of ties are
    // sorted (the 80 missing/null values form one run); ties on the indexed field alone come
    // back in index order, so that sort is compared on a tie-free range only
    const sorts: [Sort, number][] = [[{ expiresAt: 1, _id: 1 }, 81], [{ expiresAt: -1, _id: -1 }, 26], [{ expiresAt: -1 }, 25]];
    for (const [sort, most] of sorts) {
      const r = await sameAsScan(locks, {}, sort, 25);
      assert.ok(r.docs <= most, `sort ${JSON.stringify(sort)} examined ${r.docs}`);
    }
    const firstNulls = await locks.find({}).sort({ expiresAt: 1, _id: 1 }).limit(81).toArray();
    assert.deepEqual(firstNulls.slice(0, 80).map((d) => d.expiresAt ?? null), Array(80).fill(null));
    assert.equal(firstNulls[80]?.expiresAt, 0);
    const newest = await locks.find({}).sort({ expiresAt: -1 }).limit(3).toArray();
    assert.deepEqual(newest.map((d) => d._id), [N - 1, N - 2, N - 3]);
    const filtered = await sameAsScan(locks, { expiresAt: { $lt: at(1000) } }, { expiresAt: -1 }, 10);
    assert.deepEqual(filtered.ids, [999, 998, 997, 996, 995, 994, 993, 992, 991, 990]);
    assert.equal(filtered.docs, 10);
  });

  it('updates and deletes that move documents within the index keep results equal to a scan', async () => {
    const random = rng(11);
    for (let k = 0; k < 1500; k++) {
      const id = Math.floor(random() * N);
      const roll = random();
      if (roll < 0.6) await locks.updateOne({ _id: id }, { $set: { expiresAt: at(Math.floor(random() * 2 * N)) } });
      else if (roll < 0.7) await locks.updateOne({ _id: id }, { $unset: { expiresAt: '' } });
      else if (roll < 0.8) await locks.updateOne({ _id: id }, { $set: { expiresAt: Math.floor(random() * 100) } });
      else if (roll < 0.9) await locks.deleteOne({ _id: id });
      else await locks.replaceOne({ _id: id }, { owner: 'x', expiresAt: at(-Math.floor(random() * 50)) }, { upsert: true });
    }
    const deleted = await examined(db, () => locks.deleteMany({ expiresAt: { $lte: at(0) } }));
    assert.ok(deleted.result.deletedCount > 0);
    assert.equal(deleted.docs, deleted.result.deletedCount);
    for (const filter of [{ expiresAt: { $lt: at(N / 2) } }, { expiresAt: { $gte: at(N), $lt: at(N + 500) } }, { expiresAt: { $lt: 50 } }, { expiresAt: { $exists: false } }] as Filter<Row>[]) {
      await sameAsScan(locks, filter);
      await sameAsScan(locks, filter, { expiresAt: -1, _id: 1 }, 40);
    }
  });

  it('an index walk behind a cursor continues correctly across writes between batches', async () => {
    const c = db.collection<Row>('cursor_walk');
    await c.createIndex({ n: 1 });
    await c.insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: i, n: i })));
    const cursor = c.find({ n: { $gte: 100 } }).sort({ n: 1 }).batchSize(50);
    const seen: number[] = [];
    for await (const doc of cursor) {
      seen.push(doc.n ?? -1);
      if (seen.length === 60) {
        await c.deleteMany({ n: { $gte: 300, $lt: 400 } }); // ahead of the cursor: never returned
        await c.updateOne({ _id: 150 }, { $set: { n: 5 } }); // already passed: not returned again
        await c.insertOne({ _id: 5000, n: 500.5 }); // ahead: returned in order
      }
    }
    const expected = [...Array.from({ length: 200 }, (_, i) => 100 + i), ...Array.from({ length: 600 }, (_, i) => 400 + i)];
    expected.splice(expected.indexOf(501), 0, 500.5);
    assert.deepEqual(seen, expected);
  });

  it('falls back to a scan once a document is multikey or NaN, with scan-identical results', async () => {
    const m = db.collection<Loose>('multikey');
    await m.createIndex({ at: 1 });
    await m.insertMany(Array.from({ length: 2000 }, (_, i) => ({ _id: i, at: at(i), n: i })));
    const before = await examined(db, () => m.countDocuments({ at: { $gte: at(10), $lt: at(20) } }));
    assert.equal(before.docs, 10);
    await m.insertOne({ _id: 'arr', at: [at(5), at(3000)], n: 1 });
    for (const filter of [{ at: { $gt: at(2500) } }, { at: { $gte: at(4), $lt: at(6) } }, { at: { $lt: at(1) } }]) {
      const r = await examined(db, () => m.find(filter).sort({ _id: 1 }).toArray());
      const scan = await m.find(filter).sort({ _id: 1 }).hint({ $natural: 1 }).toArray();
      assert.deepEqual(r.result.map((d) => d['_id']), scan.map((d) => d['_id']), JSON.stringify(filter));
      assert.equal(r.collectionScans, 1, 'multikey index: no range plan');
    }
    assert.deepEqual((await m.find({ at: at(3000) }).toArray()).map((d) => d['_id']), ['arr'], 'equality still uses the index');

    const nan = db.collection<Loose>('nan');
    await nan.createIndex({ v: 1 });
    await nan.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: i, v: i })));
    await nan.insertOne({ _id: 'nan', v: NaN });
    for (const filter of [{ v: { $gte: 50 } }, { v: { $lte: 3 } }, { v: { $gt: 98 } }]) {
      const viaIndex = await nan.find(filter).sort({ _id: 1 }).toArray();
      const viaScan = await nan.find(filter).sort({ _id: 1 }).hint({ $natural: 1 }).toArray();
      assert.deepEqual(viaIndex.map((d) => d['_id']), viaScan.map((d) => d['_id']), JSON.stringify(filter));
    }
  });
});
