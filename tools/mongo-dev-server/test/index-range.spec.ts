/**
 * The product's steady-state queries on 20,000 orders (libs/dal index definitions) use the
 * ordered indexes: results equal a brute-force filter + sort (or a forced collection scan),
 * and the documents examined per query are bounded by the limit / the matches, not by the
 * collection size. Shapes: the recovery sweep (`$in` prefix + range + sort, findAndModify),
 * the dashboard list (newest first with (createdAt, _id) paging, optional status), counts
 * and aggregate `$match` + `$sort` + `$limit`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MongoClient } from 'mongodb';
import type { Collection, Db, Filter } from 'mongodb';
import { startMongoDevServer } from '../src/index';
import type { MongoDevServer } from '../src/index';
import { examined } from './server-counters';
import { rng } from './seeded-random';

const N = 20_000;
const T0 = Date.UTC(2024, 0, 1);
const PHASES = ['FORWARD', 'COMPENSATING', 'DONE'] as const;
const STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED', 'FAILED'] as const;

interface Order {
  _id: string;
  saga: { phase: string; status: string };
  createdAt: Date;
  dispatchedAt: Date;
  total: number;
}

/** Newest first, then _id descending: the dashboard's order. */
function newestFirst(a: Order, b: Order): number {
  const d = b.createdAt.getTime() - a.createdAt.getTime();
  return d !== 0 ? d : a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}

function pageFilter(status: string | undefined, cursor: Order | undefined): Filter<Order> {
  return {
    ...(status !== undefined ? { 'saga.status': status } : {}),
    ...(cursor ? { $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, _id: { $lt: cursor._id } }] } : {}),
  };
}

describe('ordered index plans for the product queries (20k orders)', () => {
  let server: MongoDevServer;
  let client: MongoClient;
  let db: Db;
  let orders: Collection<Order>;
  const all: Order[] = [];

  before(async () => {
    server = await startMongoDevServer({ port: 0, ttlMonitorIntervalMs: 0 });
    client = await MongoClient.connect(server.url);
    db = client.db('ranges');
    orders = db.collection<Order>('orders');
    await orders.createIndex({ 'saga.phase': 1, dispatchedAt: 1 }, { name: 'saga_phase_dispatched' });
    await orders.createIndex({ 'saga.status': 1, createdAt: -1 }, { name: 'status_created' });
    await orders.createIndex({ createdAt: -1, _id: -1 }, { name: 'created_id' });
    const random = rng(42);
    for (let i = 0; i < N; i++) {
      // ~2% in flight; four orders per createdAt millisecond (ties); dispatchedAt unique
      const phase = i % 100 === 0 ? PHASES[0] : i % 100 === 1 ? PHASES[1] : PHASES[2];
      const status = i % 53 === 0 ? STATUSES[3] : STATUSES[Math.floor(random() * 3)];
      all.push({ _id: `o${String(i).padStart(6, '0')}`, saga: { phase, status }, createdAt: new Date(T0 + Math.floor(i / 4)), dispatchedAt: new Date(T0 + i * 1000), total: i % 250 });
    }
    // insert in a shuffled order so natural order is not index order
    const shuffled = all.slice();
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    for (let i = 0; i < N; i += 2000) await orders.insertMany(shuffled.slice(i, i + 2000));
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('recovery sweep: each claim examines one document and takes the oldest stuck saga', async () => {
    const cutoff = new Date(T0 + (N / 2) * 1000);
    const stuck = (o: Order): boolean => (o.saga.phase === 'FORWARD' || o.saga.phase === 'COMPENSATING') && o.dispatchedAt < cutoff;
    const expected = all.filter(stuck).sort((a, b) => a.dispatchedAt.getTime() - b.dispatchedAt.getTime());
    assert.ok(expected.length >= 150, `enough stuck sagas (${expected.length})`);
    const filter: Filter<Order> = { 'saga.phase': { $in: ['FORWARD', 'COMPENSATING'] }, dispatchedAt: { $lt: cutoff } };
    const viaIndex = await orders.find(filter).sort({ dispatchedAt: 1 }).limit(20).toArray();
    const viaScan = await orders.find(filter).sort({ dispatchedAt: 1 }).limit(20).hint({ $natural: 1 }).toArray();
    assert.deepEqual(viaIndex.map((o) => o._id), viaScan.map((o) => o._id));
    assert.deepEqual(viaIndex.map((o) => o._id), expected.slice(0, 20).map((o) => o._id));

    const claimed: string[] = [];
    for (let n = 0; n <= expected.length; n++) {
      const now = new Date(T0 + (N + n) * 1000); // moves the claimed order to the end of its index range
      const claim = await examined(db, () => orders.findOneAndUpdate(filter, { $set: { dispatchedAt: now } }, { sort: { dispatchedAt: 1 }, returnDocument: 'before' }));
      if (!claim.result) {
        assert.equal(claim.docs, 0, 'nothing left: no document examined');
        break;
      }
      assert.equal(claim.docs, 1, `claim ${n} examined ${claim.docs} documents`);
      assert.ok(claim.keys <= 3, `claim ${n} examined ${claim.keys} index keys (two $in streams)`);
      assert.equal(claim.collectionScans, 0);
      claimed.push(claim.result._id);
    }
    assert.deepEqual(claimed, expected.map((o) => o._id));
    for (const o of expected) o.dispatchedAt = new Date(T0 + (N + claimed.indexOf(o._id)) * 1000);
  });

  for (const status of [undefined, 'CONFIRMED', 'FAILED']) {
    it(`dashboard list${status ? ` (status ${status})` : ''}: pages newest first, examining about one page per page`, async () => {
      const limit = 50;
      const expected = all.filter((o) => status === undefined || o.saga.status === status).sort(newestFirst);
      const pages = status === 'CONFIRMED' ? 40 : Number.MAX_SAFE_INTEGER; // a common status: enough pages, not all
      const got: string[] = [];
      let cursor: Order | undefined;
      for (let page = 0; page < pages; page++) {
        const res = await examined(db, () => orders.find(pageFilter(status, cursor)).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray());
        // a page reads its documents plus at most the orders tied with the cursor (4 per millisecond)
        assert.ok(res.docs <= limit + 8, `page ${page} examined ${res.docs} documents`);
        assert.equal(res.collectionScans, 0);
        got.push(...res.result.map((o) => o._id));
        if (res.result.length < limit) break;
        cursor = res.result[res.result.length - 1];
      }
      assert.deepEqual(got, expected.slice(0, got.length).map((o) => o._id));
      if (pages === Number.MAX_SAFE_INTEGER) assert.equal(got.length, expected.length, 'paging reached every order');
    });
  }

  it('dashboard list equals a forced collection scan for ties, descending and ascending sorts', async () => {
    const mid = all[N / 2];
    const filters: Filter<Order>[] = [{}, pageFilter(undefined, mid), pageFilter('CANCELLED', mid), { createdAt: mid.createdAt }, { createdAt: { $gte: mid.createdAt, $lte: new Date(mid.createdAt.getTime() + 3) } }];
    for (const filter of filters) {
      for (const sort of [{ createdAt: -1, _id: -1 }, { createdAt: 1, _id: 1 }] as const) {
        const viaIndex = await examined(db, () => orders.find(filter).sort(sort).limit(30).toArray());
        const viaScan = await orders.find(filter).sort(sort).limit(30).hint({ $natural: 1 }).toArray();
        assert.deepEqual(viaIndex.result.map((o) => o._id), viaScan.map((o) => o._id), `filter ${JSON.stringify(filter)} sort ${JSON.stringify(sort)}`);
        assert.ok(viaIndex.docs <= 30 + 8, `examined ${viaIndex.docs} for ${JSON.stringify(filter)} ${JSON.stringify(sort)}`);
      }
    }
  });

  it('counts and aggregate $match (+ $sort + $limit) on indexed fields examine only the matches', async () => {
    const failed = all.filter((o) => o.saga.status === 'FAILED').length;
    const byStatus = await examined(db, () => orders.countDocuments({ 'saga.status': 'FAILED' }));
    assert.equal(byStatus.result, failed);
    assert.equal(byStatus.docs, failed);

    const from = new Date(T0 + 1000);
    const to = new Date(T0 + 1500);
    const inRange = all.filter((o) => o.createdAt >= from && o.createdAt < to).length;
    const byRange = await examined(db, () => orders.countDocuments({ createdAt: { $gte: from, $lt: to } }));
    assert.equal(byRange.result, inRange);
    assert.equal(byRange.docs, inRange);

    const limited = await examined(db, () => db.command({ count: 'orders', query: { 'saga.status': 'CONFIRMED' }, limit: 10 }));
    assert.equal(limited.result['n'], 10);
    assert.ok(limited.docs <= 10, `count with limit examined ${limited.docs}`);

    const pipeline = [{ $match: { 'saga.status': 'CANCELLED' } }, { $sort: { createdAt: -1 } }, { $limit: 10 }, { $project: { createdAt: 1 } }];
    const agg = await examined(db, () => orders.aggregate<{ createdAt: Date }>(pipeline).toArray());
    const newestCancelled = all.filter((o) => o.saga.status === 'CANCELLED').sort(newestFirst).slice(0, 10);
    assert.deepEqual(agg.result.map((o) => o.createdAt.getTime()), newestCancelled.map((o) => o.createdAt.getTime()));
    assert.ok(agg.docs <= 10 + 4, `aggregate examined ${agg.docs}`);

    const skipped = await examined(db, () => orders.aggregate<Order>([{ $sort: { createdAt: -1, _id: -1 } }, { $skip: 100 }, { $limit: 5 }]).toArray());
    assert.deepEqual(skipped.result.map((o) => o._id), all.slice().sort(newestFirst).slice(100, 105).map((o) => o._id));
    assert.equal(skipped.docs, 105);

    const distinct = await examined(db, () => orders.distinct('saga.phase', { dispatchedAt: { $gte: new Date(T0 + (N - 10) * 1000), $lt: new Date(T0 + N * 1000) } }));
    assert.deepEqual(distinct.result, ['DONE']);
    assert.ok(distinct.docs <= 10);
  });

  it('answers a count from index keys alone (COUNT_SCAN) when the bounds express the whole filter, and reads documents otherwise', async () => {
    const count = (query: Filter<Order>, extra: Record<string, number> = {}) => examined(db, async () => (await db.command({ count: 'orders', query, ...extra }))['n'] as number);
    const failedOrCancelled = all.filter((o) => o.saga.status === 'FAILED' || o.saga.status === 'CANCELLED').length;
    const byStatus = await count({ 'saga.status': { $in: ['FAILED', 'CANCELLED'] } });
    assert.deepEqual([byStatus.result, byStatus.docs], [failedOrCancelled, 0]);
    const from = new Date(T0 + 1000);
    const to = new Date(T0 + 9000);
    const byRange = await count({ createdAt: { $gte: from, $lt: to } });
    assert.deepEqual([byRange.result, byRange.docs], [all.filter((o) => o.createdAt >= from && o.createdAt < to).length, 0]);
    const paged = await count({ 'saga.status': 'CONFIRMED' }, { skip: 5, limit: 10 });
    assert.deepEqual([paged.result, paged.docs], [10, 0]);
    // a conjunct the bounds do not express: every candidate is read and re-checked
    const mixed = await count({ 'saga.status': 'CONFIRMED', total: 7 });
    assert.equal(mixed.result, all.filter((o) => o.saga.status === 'CONFIRMED' && o.total === 7).length);
    assert.ok(mixed.docs > 0);
    // null (also matching a missing field) gives no bound: read, not counted from keys
    const nulls = await count({ 'saga.status': null });
    assert.equal(nulls.result, 0);
    // an index with an array in it has several keys per document: never counted from keys
    const tags = db.collection<{ _id: number; tags: string[] }>('tagged');
    await tags.createIndex({ tags: 1 });
    await tags.insertMany([{ _id: 1, tags: ['a', 'a', 'b'] }, { _id: 2, tags: ['a'] }, { _id: 3, tags: ['c'] }]);
    assert.equal((await db.command({ count: 'tagged', query: { tags: { $in: ['a', 'b'] } } }))['n'], 2);
  });

  it('walks a multikey index with point bounds on its array field and sorts on the others (the search by SKU), each document once', async () => {
    interface Basket { _id: string; items: { sku: string }[]; createdAt: Date }
    const baskets = db.collection<Basket>('baskets');
    await baskets.createIndex({ 'items.sku': 1, createdAt: -1, _id: -1 }, { name: 'sku_created_id' });
    const random = rng(7);
    const docs: Basket[] = [];
    for (let i = 0; i < 5_000; i++) {
      const skus = Array.from({ length: 1 + (i % 3) }, () => `S${Math.floor(random() * 40)}`); // repeats within a basket too
      docs.push({ _id: `b${String(i).padStart(5, '0')}`, items: skus.map((sku) => ({ sku })), createdAt: new Date(T0 + Math.floor(i / 3)) });
    }
    await baskets.insertMany(docs);
    const newest = (a: Basket, b: Basket): number => b.createdAt.getTime() - a.createdAt.getTime() || (a._id < b._id ? 1 : -1);
    const has = (d: Basket, skus: string[]): boolean => d.items.some((item) => skus.includes(item.sku));
    for (const skus of [['S3'], ['S3', 'S17']]) {
      const query = { 'items.sku': skus.length === 1 ? skus[0] : { $in: skus } };
      const page = await examined(db, () => baskets.find(query).sort({ createdAt: -1, _id: -1 }).limit(50).toArray());
      assert.deepEqual(page.result.map((d) => d._id), docs.filter((d) => has(d, skus)).sort(newest).slice(0, 50).map((d) => d._id), `page of ${skus.join(',')}`);
      assert.ok(page.docs <= 50, `${skus.join(',')}: examined ${page.docs} documents for 50`);
      assert.equal(page.collectionScans, 0);
      const counted = (await db.command({ count: 'baskets', query }))['n'] as number;
      assert.equal(counted, docs.filter((d) => has(d, skus)).length, 'a multikey count is never taken from keys (a basket may hold a SKU twice)');
    }
    // a sort on the array field itself is not answered from the index order
    const bySku = await baskets.find({ 'items.sku': { $in: ['S3', 'S17'] } }).sort({ 'items.sku': 1, _id: 1 }).toArray();
    assert.equal(new Set(bySku.map((d) => d._id)).size, bySku.length);
    assert.equal(bySku.length, docs.filter((d) => has(d, ['S3', 'S17'])).length);
  });

  it('unindexed or unbounded filters still scan (and say so)', async () => {
    const scan = await examined(db, () => orders.countDocuments({ total: 7 }));
    assert.equal(scan.result, all.filter((o) => o.total === 7).length);
    assert.equal(scan.collectionScans, 1);
    assert.ok(scan.docs >= N);
  });
});
