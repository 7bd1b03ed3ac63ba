/**
 * Conformance: results of queries the dev server answers with ordered index scans — `$in`
 * prefix + range + sort through findOneAndUpdate (the recovery sweep), newest-first paging
 * with ties over `{createdAt: -1, _id: -1}`, type-bracketed ranges, missing/null sort
 * order, counts and aggregate `$match`/`$sort`/`$limit` — plus the serverStatus metrics
 * (`metrics.commands.<name>.{total,failed}`, `metrics.queryExecutor.{scanned,scannedObjects}`).
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Document } from 'mongodb';
import { coll, conformance, rejection } from './conformance.harness';

const T0 = Date.UTC(2024, 0, 1);
const at = (s: number): Date => new Date(T0 + s * 1000);

conformance('query plans', (env) => {
  it('claims stuck sagas oldest first through an $in prefix + range + sort', async () => {
    const c = coll(env, 'sweep');
    await c.createIndex({ 'saga.phase': 1, dispatchedAt: 1 });
    await c.insertMany([
      { _id: 'a', saga: { phase: 'FORWARD' }, dispatchedAt: at(30) },
      { _id: 'b', saga: { phase: 'DONE' }, dispatchedAt: at(1) },
      { _id: 'c', saga: { phase: 'COMPENSATING' }, dispatchedAt: at(10) },
      { _id: 'd', saga: { phase: 'FORWARD' }, dispatchedAt: at(20) },
      { _id: 'e', saga: { phase: 'FORWARD' }, dispatchedAt: at(99) },
      { _id: 'f', saga: { phase: 'COMPENSATING' } },
      { _id: 'g', saga: { phase: 'FORWARD' }, dispatchedAt: 5 },
    ]);
    const filter = { 'saga.phase': { $in: ['FORWARD', 'COMPENSATING'] }, dispatchedAt: { $lt: at(50) } };
    const claimed: unknown[] = [];
    for (let n = 0; n < 5; n++) {
      const doc = await c.findOneAndUpdate(filter, { $set: { dispatchedAt: at(100 + n) } }, { sort: { dispatchedAt: 1 }, returnDocument: 'after' });
      if (!doc) break;
      assert.equal((doc['dispatchedAt'] as Date).getTime(), at(100 + n).getTime());
      claimed.push(doc['_id']);
    }
    assert.deepEqual(claimed, ['c', 'd', 'a']);
  });

  it('pages newest first over {createdAt: -1, _id: -1} with ties on createdAt', async () => {
    const c = coll(env, 'paging');
    await c.createIndex({ createdAt: -1, _id: -1 });
    await c.createIndex({ status: 1, createdAt: -1 });
    const docs = Array.from({ length: 12 }, (_, i) => ({ _id: `o${String(i).padStart(2, '0')}`, createdAt: at(Math.floor(i / 3)), status: i % 2 === 0 ? 'A' : 'B' }));
    await c.insertMany([...docs].reverse());
    const page = async (status: string | undefined, cursor: Document | undefined): Promise<string[]> => {
      const filter: Document = {
        ...(status ? { status } : {}),
        ...(cursor ? { $or: [{ createdAt: { $lt: cursor['createdAt'] } }, { createdAt: cursor['createdAt'], _id: { $lt: cursor['_id'] } }] } : {}),
      };
      return (await c.find(filter).sort({ createdAt: -1, _id: -1 }).limit(4).toArray()).map((d) => String(d['_id']));
    };
    assert.deepEqual(await page(undefined, undefined), ['o11', 'o10', 'o09', 'o08']);
    assert.deepEqual(await page(undefined, docs[8]), ['o07', 'o06', 'o05', 'o04']);
    assert.deepEqual(await page(undefined, docs[4]), ['o03', 'o02', 'o01', 'o00']);
    assert.deepEqual(await page('A', undefined), ['o10', 'o08', 'o06', 'o04']);
    assert.deepEqual(await page('B', docs[7]), ['o05', 'o03', 'o01']);
    const oldest = await c.find({ createdAt: { $gte: at(1) } }).sort({ createdAt: 1, _id: 1 }).limit(4).toArray();
    assert.deepEqual(oldest.map((d) => d['_id']), ['o03', 'o04', 'o05', 'o06']);
  });

  it('ranges match values of their own type only; missing and null sort first', async () => {
    const c = coll(env, 'brackets');
    await c.createIndex({ v: 1 });
    await c.insertMany([
      { _id: 1, v: at(1) },
      { _id: 2, v: 5 },
      { _id: 3, v: 'x' },
      { _id: 4, v: null },
      { _id: 5 },
      { _id: 6, v: at(2) },
      { _id: 7, v: -1.5 },
      { _id: 8, v: true },
    ]);
    const ids = async (filter: Document, sort: Document = { _id: 1 }): Promise<unknown[]> => (await c.find(filter).sort(sort).toArray()).map((d) => d['_id']);
    assert.deepEqual(await ids({ v: { $lt: at(10) } }), [1, 6]);
    assert.deepEqual(await ids({ v: { $gte: -100 } }), [2, 7]);
    assert.deepEqual(await ids({ v: { $gt: 'a', $lte: 'z' } }), [3]);
    assert.deepEqual(await ids({ v: { $gt: at(1), $lt: at(1) } }), []);
    assert.deepEqual(await ids({ v: { $in: [5, 'x', at(2)] } }), [2, 3, 6]);
    assert.deepEqual(await ids({ $or: [{ v: { $lte: 0 } }, { v: { $gte: at(2) } }] }), [6, 7]);
    assert.deepEqual(await ids({}, { v: 1, _id: 1 }), [4, 5, 7, 2, 3, 8, 1, 6]);
    assert.deepEqual(await ids({}, { v: -1, _id: 1 }), [6, 1, 8, 3, 2, 7, 4, 5]);
    assert.deepEqual(await ids({ v: { $lt: at(10) } }, { v: -1 }), [6, 1]);
  });

  it('counts and aggregate $match/$sort/$skip/$limit agree with the documents', async () => {
    const c = coll(env, 'counts');
    await c.createIndex({ status: 1, createdAt: -1 });
    await c.createIndex({ expiresAt: 1 });
    await c.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i, status: ['A', 'B', 'C'][i % 3], createdAt: at(i), expiresAt: at(100 - i) })));
    assert.equal(await c.countDocuments({ status: 'B' }), 10);
    assert.equal(await c.countDocuments({ createdAt: { $gte: at(5), $lt: at(15) } }), 10);
    assert.equal(await c.countDocuments({ status: 'A', createdAt: { $lt: at(10) } }), 4);
    assert.equal(await c.countDocuments({ expiresAt: { $lte: at(80) } }, { skip: 2, limit: 5 }), 5);
    assert.equal((await env().db.command({ count: 'counts', query: { expiresAt: { $gt: at(90) } }, limit: 3 }))['n'], 3);
    const newest = await c.aggregate([{ $match: { status: 'C' } }, { $sort: { createdAt: -1 } }, { $skip: 1 }, { $limit: 3 }, { $project: { _id: 1 } }]).toArray();
    assert.deepEqual(newest, [{ _id: 26 }, { _id: 23 }, { _id: 20 }]);
    const expiring = await c.aggregate([{ $sort: { expiresAt: 1 } }, { $limit: 2 }, { $count: 'n' }]).toArray();
    assert.deepEqual(expiring, [{ n: 2 }]);
    assert.deepEqual(await c.distinct('status', { expiresAt: { $gt: at(98) } }), ['A', 'B']);
    const removed = await c.deleteMany({ expiresAt: { $lt: at(75) } });
    assert.equal(removed.deletedCount, 4);
  });

  it('serverStatus reports per-command totals and failures and query executor counters', async () => {
    const c = coll(env, 'metrics');
    await c.createIndex({ k: 1 });
    await c.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i, k: i })));
    const admin = env().client.db('admin');
    const status = async (): Promise<Document> => (await admin.command({ serverStatus: 1 }))['metrics'] as Document;
    const before = await status();
    await c.find({ k: { $gte: 5, $lt: 8 } }).toArray();
    await c.find({ n: 1 }).toArray();
    const bad = await rejection(c.find({ k: { $bogus: 1 } }).toArray());
    assert.equal(bad['code'], 2);
    const after = await status();
    const commands = (m: Document, name: string): { total: number; failed: number } => {
      const entry = (m['commands'] as Document)[name] as Document;
      return { total: Number(entry['total']), failed: Number(entry['failed']) };
    };
    assert.ok(commands(after, 'find').total - commands(before, 'find').total >= 3);
    assert.ok(commands(after, 'find').failed - commands(before, 'find').failed >= 1);
    assert.ok(commands(after, 'insert').total >= 1);
    const qe = (m: Document): { scanned: number; scannedObjects: number } => {
      const q = m['queryExecutor'] as Document;
      return { scanned: Number(q['scanned']), scannedObjects: Number(q['scannedObjects']) };
    };
    assert.ok(qe(after).scanned - qe(before).scanned >= 3, 'index keys examined');
    assert.ok(qe(after).scannedObjects - qe(before).scannedObjects >= 23, 'documents examined (3 via the index, 20 by the scan)');
  });
});
