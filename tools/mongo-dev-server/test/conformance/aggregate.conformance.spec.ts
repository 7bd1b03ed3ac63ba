/** Conformance: aggregate $match/$group/$sort/$project/$unwind/$lookup/$count and cursor batching. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { coll, conformance } from './conformance.harness';

conformance('aggregate', (env) => {
  it('runs $match, $group, $sort and $project', async () => {
    const c = coll(env, 'sales');
    await c.insertMany([
      { _id: 1, item: 'a', qty: 2, price: 10 },
      { _id: 2, item: 'b', qty: 1, price: 20 },
      { _id: 3, item: 'a', qty: 3, price: 10 },
      { _id: 4, item: 'c', qty: 5, price: 1 },
    ]);
    const out = await c
      .aggregate([
        { $match: { qty: { $gte: 1 } } },
        { $group: { _id: '$item', total: { $sum: { $multiply: ['$qty', '$price'] } }, n: { $sum: 1 } } },
        { $sort: { total: -1 } },
        { $project: { _id: 0, item: '$_id', total: 1, n: 1 } },
      ])
      .toArray();
    assert.deepEqual(out, [
      { total: 50, n: 2, item: 'a' },
      { total: 20, n: 1, item: 'b' },
      { total: 5, n: 1, item: 'c' },
    ]);
  });

  it('runs $unwind, $lookup and $count', async () => {
    const orders = coll(env, 'orders');
    const items = coll(env, 'items');
    await items.insertMany([{ _id: 'a', name: 'Apple' }, { _id: 'b', name: 'Bean' }]);
    await orders.insertMany([{ _id: 1, lines: ['a', 'b'] }, { _id: 2, lines: ['b'] }]);
    const joined = await orders
      .aggregate([
        { $unwind: '$lines' },
        { $lookup: { from: 'items', localField: 'lines', foreignField: '_id', as: 'item' } },
        { $unwind: '$item' },
        { $sort: { _id: 1, lines: 1 } },
        { $project: { _id: 1, name: '$item.name' } },
      ])
      .toArray();
    assert.deepEqual(joined, [{ _id: 1, name: 'Apple' }, { _id: 1, name: 'Bean' }, { _id: 2, name: 'Bean' }]);
    const counted = await orders.aggregate([{ $unwind: '$lines' }, { $count: 'lines' }]).toArray();
    assert.deepEqual(counted, [{ lines: 3 }]);
    assert.deepEqual(await orders.aggregate([{ $match: { _id: 99 } }, { $count: 'n' }]).toArray(), []);
  });

  it('returns large results through getMore', async () => {
    const c = coll(env, 'aggbig');
    await c.insertMany(Array.from({ length: 150 }, (_, i) => ({ _id: i, g: i % 2 })));
    const docs = await c.aggregate([{ $match: { g: 0 } }, { $sort: { _id: -1 } }], { batchSize: 10 }).toArray();
    assert.equal(docs.length, 75);
    assert.equal(docs[0]?.['_id'], 148);
    assert.equal(docs[74]?.['_id'], 0);
  });
});
