/**
 * Conformance: `explain` names the plan that runs (IXSCAN with its index under FETCH,
 * COLLSCAN, SORT when the index does not give the order) for find, count, aggregate, update
 * and delete, and `executionStats` counts the keys and documents examined.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { Document } from 'mongodb';
import { coll, conformance } from './conformance.harness';

/** Every stage in a plan tree, outermost first. */
function stages(plan: Document | undefined): Document[] {
  const out: Document[] = [];
  for (let s = plan; s; s = (s['inputStage'] ?? s['queryPlan']) as Document | undefined) out.push(s);
  return out;
}
const names = (plan: Document | undefined): string[] => stages(plan).map((s) => String(s['stage']));
const ixscan = (plan: Document | undefined): Document | undefined => stages(plan).find((s) => s['stage'] === 'IXSCAN');

function planOf(explained: Document): Document {
  const qp = (explained['queryPlanner'] ?? ((explained['stages'] as Document[] | undefined)?.[0]?.['$cursor'] as Document | undefined)?.['queryPlanner']) as Document;
  return qp['winningPlan'] as Document;
}

conformance('explain', (env) => {
  it('find: IXSCAN on the index it uses, COLLSCAN otherwise, SORT when the index gives no order', async () => {
    const c = coll(env, 'ex');
    await c.createIndex({ status: 1, at: 1 });
    await c.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: i, status: i % 5 === 0 ? 'A' : 'B', at: i, other: i % 7 })));
    const byIndex = await c.find({ status: 'A', at: { $gte: 10 } }).sort({ at: 1 }).explain('executionStats');
    const ix = ixscan(planOf(byIndex));
    assert.equal(ix?.['indexName'], 'status_1_at_1');
    assert.deepEqual(ix?.['keyPattern'], { status: 1, at: 1 });
    assert.ok(names(planOf(byIndex)).includes('FETCH'));
    assert.ok(!names(planOf(byIndex)).includes('SORT'), 'the index gives the order');
    const stats = byIndex['executionStats'] as Document;
    assert.equal(stats['nReturned'], 8);
    assert.equal(stats['totalDocsExamined'], 8);
    assert.equal(stats['totalKeysExamined'] >= 8 && stats['totalKeysExamined'] <= 9, true);
    const scan = await c.find({ other: 3 }).explain('executionStats');
    assert.ok(names(planOf(scan)).includes('COLLSCAN'));
    assert.equal((scan['executionStats'] as Document)['totalDocsExamined'], 50);
    assert.equal((scan['executionStats'] as Document)['totalKeysExamined'], 0);
    const sorted = await c.find({ other: 3 }).sort({ at: -1 }).explain('queryPlanner');
    assert.equal(sorted['executionStats'], undefined);
    const n = names(planOf(sorted));
    assert.ok(n.includes('SORT') || n.includes('IXSCAN'), 'either sorts in memory or walks an index in order');
  });

  it('count, aggregate, update and delete are explained without writing', async () => {
    const c = coll(env, 'ex2');
    await c.createIndex({ k: 1 });
    await c.insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i, k: i % 4 })));
    const db = env().db;
    const count = await db.command({ explain: { count: 'ex2', query: { k: 1 } }, verbosity: 'executionStats' });
    assert.equal(ixscan(planOf(count))?.['indexName'], 'k_1');
    const agg = await c.aggregate([{ $match: { k: 2 } }, { $group: { _id: null, n: { $sum: 1 } } }]).explain('executionStats');
    assert.equal(ixscan(planOf(agg))?.['indexName'], 'k_1');
    const upd = await db.command({ explain: { update: 'ex2', updates: [{ q: { k: 3 }, u: { $set: { x: 1 } }, multi: true }] }, verbosity: 'executionStats' });
    assert.ok(names(planOf(upd)).includes('UPDATE'));
    assert.equal(ixscan(planOf(upd))?.['indexName'], 'k_1');
    const del = await db.command({ explain: { delete: 'ex2', deletes: [{ q: { _id: { $gte: 0 } }, limit: 0 }] }, verbosity: 'queryPlanner' });
    assert.ok(names(planOf(del)).includes('DELETE'));
    assert.equal(await c.countDocuments({ x: 1 }), 0, 'explain did not update');
    assert.equal(await c.countDocuments(), 20, 'explain did not delete');
  });
});
