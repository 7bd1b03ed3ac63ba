/**
 * Benchmark (not a test): the product's steady-state query shapes on a large `orders`
 * collection, reporting documents examined (`serverStatus().devServer.docsExamined`) and
 * wall time per query, plus the insert time with the product's indexes in place.
 *   - recovery sweep: findOneAndUpdate({'saga.phase': {$in}, dispatchedAt: {$lt}}, sort {dispatchedAt: 1});
 *   - dashboard list: find(optional status, optional (createdAt, _id) paging).sort({createdAt: -1, _id: -1}).limit(50);
 *   - counts / aggregate $match(+$sort+$limit) on indexed fields;
 *   - lock TTL range on `{expiresAt: 1}`.
 * Only the dev server started in-process is measured (its counters are dev-server-only).
 * Usage: node dist/tools/mongo-dev-server/bench/planner.bench.js [--docs N] [--json FILE]
 */
import * as fs from 'node:fs';
import { MongoClient } from 'mongodb';
import type { Db, Document } from 'mongodb';
import { startMongoDevServer } from '../src/index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const DOCS = Number(arg('--docs') ?? 250_000);
const LOCKS = Math.min(DOCS, 50_000);
const PHASES = ['FORWARD', 'COMPENSATING', 'DONE'] as const;
const STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED', 'FAILED'] as const;
const T0 = Date.UTC(2024, 0, 1);

interface Row {
  readonly shape: string;
  readonly docsExamined: number;
  readonly ms: number;
  readonly results: number;
}

async function counters(db: Db): Promise<{ docs: number; keys: number }> {
  const s = await db.admin().command({ serverStatus: 1 });
  const dev = s['devServer'] as Document;
  const qe = (s['metrics'] as Document | undefined)?.['queryExecutor'] as Document | undefined;
  return { docs: Number(dev['docsExamined']), keys: Number(qe?.['scanned'] ?? 0) };
}

async function measure(db: Db, shape: string, op: () => Promise<number>): Promise<Row> {
  const before = await counters(db);
  const t = process.hrtime.bigint();
  const results = await op();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const after = await counters(db);
  return { shape, docsExamined: after.docs - before.docs, ms: Math.round(ms * 10) / 10, results };
}

async function main(): Promise<void> {
  const server = await startMongoDevServer({ port: 0, ttlMonitorIntervalMs: 0 });
  const client = await MongoClient.connect(server.url);
  const db = client.db('planner_bench');
  const orders = db.collection<{ _id: string } & Document>('orders');
  const locks = db.collection<{ _id: string; owner: string; expiresAt: Date }>('locks');
  await orders.createIndex({ 'saga.phase': 1, dispatchedAt: 1 }, { name: 'saga_phase_dispatched' });
  await orders.createIndex({ 'saga.status': 1, createdAt: -1 }, { name: 'status_created' });
  await orders.createIndex({ createdAt: -1, _id: -1 }, { name: 'created_id' });
  await locks.createIndex({ expiresAt: 1 }, { name: 'lock_ttl', expireAfterSeconds: 60 });

  const insertStart = Date.now();
  for (let i = 0; i < DOCS; i += 1000) {
    const batch: ({ _id: string } & Document)[] = [];
    for (let j = i; j < Math.min(DOCS, i + 1000); j++) {
      // ~1% of sagas are still in flight (FORWARD / COMPENSATING), the rest are done
      const phase = j % 100 === 0 ? PHASES[0] : j % 100 === 1 ? PHASES[1] : PHASES[2];
      batch.push({
        _id: `order-${String(j).padStart(7, '0')}`,
        saga: { phase, status: STATUSES[j % 97 === 0 ? 3 : j % 4 === 3 ? 2 : j % 2] },
        createdAt: new Date(T0 + Math.floor(j / 3) * 1000), // 3 orders per second: ties on createdAt
        dispatchedAt: new Date(T0 + j * 1000),
        total: j % 500,
      });
    }
    await orders.insertMany(batch, { ordered: false });
  }
  const insertMs = Date.now() - insertStart;
  const lockDocs = Array.from({ length: LOCKS }, (_, i) => ({ _id: `sku-${i}`, owner: 'w', expiresAt: new Date(T0 + i * 1000) }));
  for (let i = 0; i < LOCKS; i += 1000) await locks.insertMany(lockDocs.slice(i, i + 1000));

  const mid = new Date(T0 + Math.floor(DOCS / 6) * 1000);
  const midId = `order-${String(Math.floor(DOCS / 2)).padStart(7, '0')}`;
  const cutoff = new Date(T0 + DOCS * 1000);
  const rows: Row[] = [];
  const list = async (filter: Document): Promise<number> => (await orders.find(filter).sort({ createdAt: -1, _id: -1 }).limit(50).toArray()).length;
  rows.push(
    await measure(db, 'sweep: findOneAndUpdate phase $in + dispatchedAt $lt, sort dispatchedAt', async () => {
      const doc = await orders.findOneAndUpdate(
        { 'saga.phase': { $in: ['FORWARD', 'COMPENSATING'] }, dispatchedAt: { $lt: cutoff } },
        { $set: { dispatchedAt: new Date(T0 + 10 * DOCS * 1000) } },
        { sort: { dispatchedAt: 1 }, returnDocument: 'after' },
      );
      return doc ? 1 : 0;
    }),
  );
  rows.push(await measure(db, 'list: newest 50', () => list({})));
  rows.push(await measure(db, 'list: page (createdAt, _id) from the middle', () => list({ $or: [{ createdAt: { $lt: mid } }, { createdAt: mid, _id: { $lt: midId } }] })));
  rows.push(await measure(db, 'list: status CONFIRMED, newest 50', () => list({ 'saga.status': 'CONFIRMED' })));
  rows.push(await measure(db, 'list: status FAILED (rare), page from the middle', () => list({ 'saga.status': 'FAILED', $or: [{ createdAt: { $lt: mid } }, { createdAt: mid, _id: { $lt: midId } }] })));
  rows.push(await measure(db, 'list: createdAt $lt only, page from the middle', () => list({ createdAt: { $lt: mid } })));
  rows.push(await measure(db, 'countDocuments status FAILED', () => orders.countDocuments({ 'saga.status': 'FAILED' })));
  rows.push(await measure(db, 'countDocuments createdAt in a 1h range', () => orders.countDocuments({ createdAt: { $gte: mid, $lt: new Date(mid.getTime() + 3_600_000) } })));
  rows.push(
    await measure(db, 'aggregate $match status + $sort createdAt -1 + $limit 10', async () =>
      (await orders.aggregate([{ $match: { 'saga.status': 'CANCELLED' } }, { $sort: { createdAt: -1 } }, { $limit: 10 }]).toArray()).length,
    ),
  );
  rows.push(await measure(db, `locks: count expiresAt $lt (${LOCKS} locks, 100 expired)`, () => locks.countDocuments({ expiresAt: { $lt: new Date(T0 + 100_000) } })));
  rows.push(await measure(db, 'locks: deleteMany expiresAt $lte', async () => (await locks.deleteMany({ expiresAt: { $lte: new Date(T0 + 9_000) } })).deletedCount));

  console.log(`orders: ${DOCS} inserted in ${insertMs} ms (3 secondary indexes, batches of 1000)`);
  console.table(rows);
  const json = arg('--json');
  if (json) fs.writeFileSync(json, JSON.stringify({ docs: DOCS, insertMs, rows }, null, 2));
  await client.close();
  await server.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
