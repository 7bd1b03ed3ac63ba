/**
 * The console's locks and holds over HTTP against real MongoDB and Redis (no workers; locks,
 * fences, holds and busy counts are written as workers would write them): live locks soonest to
 * expire first with their fences (expired ones left out), the busy SKUs of the last 15 minutes
 * summed per SKU, and the orders holding a SKU's stock with their status; each read on its index.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Document } from 'mongodb';
import { COLLECTION } from '@app/dal';
import { APP, createTestEnvironment, freePort, startApp, type AppProcess, type TestEnvironment } from '@app/testing';
import { assertErrorResponse } from './testing/error-response.assertions';

const ADMIN_TOKEN = 'test-admin-token-0123456789';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
const MINUTE = 60_000;

describe('console locks and holds API', () => {
  let env: TestEnvironment;
  let api: AppProcess;
  let base: string;

  before(async () => {
    env = await createTestEnvironment('locks-api');
    const port = await freePort();
    api = await startApp(APP.ORDER_API, env.appEnv({ API_PORT: String(port), API_HOST: '127.0.0.1', ADMIN_TOKEN, RATE_LIMIT_PER_MINUTE: '0' }));
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await api.stop();
    await env.cleanup();
  });

  async function read<T>(path: string): Promise<T> {
    const response = await fetch(`${base}${path}`, { headers: admin });
    assert.equal(response.status, 200, path);
    return (await response.json()) as T;
  }

  async function setStock(sku: string): Promise<void> {
    assert.equal((await fetch(`${base}/admin/inventory/${sku}`, { method: 'PUT', headers: admin, body: JSON.stringify({ available: 10 }) })).status, 200);
  }

  /** The plan MongoDB (or the dev server) picks for `command`, as text. */
  async function planOf(command: Document): Promise<string> {
    return JSON.stringify(await env.db.command({ explain: command, verbosity: 'queryPlanner' }));
  }

  it('lists live locks soonest to expire first, each with its SKU\'s fence; expired locks are not live', async () => {
    await assertErrorResponse(await fetch(`${base}/admin/locks`), 401, 'UNAUTHORIZED');
    await setStock('LK-A');
    await setStock('LK-B');
    await env.db.collection<Document>(COLLECTION.INVENTORY).updateOne({ _id: 'LK-A' } as Document, { $set: { fence: 7, fenceOwner: 'worker-a' } });
    const now = Date.now();
    await env.db.collection<Document>(COLLECTION.INVENTORY_LOCKS).insertMany([
      { _id: 'LK-A', owner: 'worker-a', expiresAt: new Date(now + 30_000), acquiredAt: new Date(now) },
      { _id: 'LK-B', owner: 'worker-b', expiresAt: new Date(now + 10_000), acquiredAt: new Date(now) },
      { _id: 'LK-OLD', owner: 'worker-gone', expiresAt: new Date(now - 1_000), acquiredAt: new Date(now - 6_000) },
    ] as Document[]);
    const locks = await read<{ sku: string; owner: string; expiresInMs: number; fence: number | null; fenceOwner: string | null }[]>('/admin/locks');
    assert.deepEqual(locks.map((lock) => [lock.sku, lock.owner, lock.fence, lock.fenceOwner]), [
      ['LK-B', 'worker-b', 0, null],
      ['LK-A', 'worker-a', 7, 'worker-a'],
    ]);
    assert.ok(locks.every((lock) => lock.expiresInMs > 0 && lock.expiresInMs <= 30_000), JSON.stringify(locks));
    assert.match(await planOf({ find: COLLECTION.INVENTORY_LOCKS, filter: { expiresAt: { $gt: new Date() } }, sort: { expiresAt: 1 }, limit: 200 }), /lock_ttl/);
  });

  it('answers the SKUs with the most busy re-queues over the last 15 minutes, summed over their minutes', async () => {
    const minute = Math.floor(Date.now() / MINUTE) * MINUTE;
    const doc = (sku: string, minutesAgo: number, count: number): Document => {
      const at = new Date(minute - minutesAgo * MINUTE);
      return { _id: `${at.toISOString()}|${sku}`, sku, minute: at, count };
    };
    await env.db.collection<Document>(COLLECTION.BUSY_SKUS).insertMany([doc('HOT-A', 0, 5), doc('HOT-B', 0, 2), doc('HOT-B', 10, 10), doc('HOT-OLD', 30, 100)]);
    const busy = await read<{ windowMinutes: number; skus: { sku: string; busyRequeues: number }[] }>('/admin/locks/busy?limit=10');
    assert.equal(busy.windowMinutes, 15);
    assert.deepEqual(busy.skus, [{ sku: 'HOT-B', busyRequeues: 12 }, { sku: 'HOT-A', busyRequeues: 5 }], 'HOT-OLD is outside the window');
    assert.deepEqual((await read<{ skus: { sku: string }[] }>('/admin/locks/busy?limit=1')).skus.map((entry) => entry.sku), ['HOT-B']);
    for (const limit of ['0', '51', 'ten', '2.5']) await assertErrorResponse(await fetch(`${base}/admin/locks/busy?limit=${limit}`, { headers: admin }), 400, 'VALIDATION_FAILED');
    assert.match(await planOf({ aggregate: COLLECTION.BUSY_SKUS, pipeline: [{ $match: { minute: { $gte: new Date(minute - 14 * MINUTE) } } }, { $group: { _id: '$sku', n: { $sum: '$count' } } }], cursor: {} }), /busy_minute/);
  });

  it('lists the orders holding a SKU\'s stock with their status, oldest first, and the SKU\'s live lock', async () => {
    await setStock('HOLD-1');
    const place = async (): Promise<string> => {
      const response = await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId: 'c-holds', email: 'h@example.com', items: [{ sku: 'HOLD-1', quantity: 2 }], payment: { token: 'tok_visa' } }) });
      assert.equal(response.status, 202);
      return ((await response.json()) as { orderId: string }).orderId;
    };
    const first = await place();
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later createdAt
    const second = await place();
    await env.db.collection<Document>(COLLECTION.INVENTORY).updateOne({ _id: 'HOLD-1' } as Document, { $set: { [`holds.${second}`]: 2, [`holds.${first}`]: 2, 'holds.ord_gone': 1, fence: 3, fenceOwner: 'worker-h' } });
    const empty = await read<{ holdCount: number; holds: unknown[]; lock: unknown }>('/admin/inventory/HOLD-1/holds');
    assert.equal(empty.lock, null, 'no live lock yet');
    await env.db.collection<Document>(COLLECTION.INVENTORY_LOCKS).insertOne({ _id: 'HOLD-1', owner: 'worker-h', expiresAt: new Date(Date.now() + 20_000), acquiredAt: new Date() } as Document);
    const view = await read<{ sku: string; holdCount: number; holds: { orderId: string; quantity: number; status: string | null }[]; lock: { owner: string; expiresInMs: number } | null; fence: number; fenceOwner: string }>('/admin/inventory/HOLD-1/holds');
    assert.equal(view.holdCount, 3);
    assert.deepEqual(view.holds.map((hold) => [hold.orderId, hold.quantity, hold.status]), [
      ['ord_gone', 1, null],
      [first, 2, 'PENDING'],
      [second, 2, 'PENDING'],
    ]);
    assert.equal(view.lock?.owner, 'worker-h');
    assert.deepEqual([view.fence, view.fenceOwner], [3, 'worker-h']);
    await assertErrorResponse(await fetch(`${base}/admin/inventory/NO-SUCH-SKU/holds`, { headers: admin }), 404, 'NOT_FOUND');
    await assertErrorResponse(await fetch(`${base}/admin/inventory/bad%20sku/holds`, { headers: admin }), 400, 'VALIDATION_FAILED');
  });
});
