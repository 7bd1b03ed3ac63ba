/**
 * The order API as a real process over HTTP, against real MongoDB and Redis (no workers): the
 * REST contract, idempotency keys (also concurrent), admin auth and the OpenAPI document. Error
 * answers in detail (validation, bodies, request ids): `order-api-errors.spec.ts`.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { QUEUE, SAGA_STEP, stepJobId } from '@app/contracts';
import { COLLECTION } from '@app/dal';
import { redisOptionsFromUrl } from '@app/queue';
import { APP, createTestEnvironment, freePort, newOrder, sagaAt, startApp, waitFor, type AppProcess, type TestEnvironment } from '@app/testing';
import { assertErrorResponse } from './testing/error-response.assertions';

const ADMIN_TOKEN = 'test-admin-token-0123456789';
const VALID = { customerId: 'c-42', email: 'ada@example.com', items: [{ sku: 'SKU-1', quantity: 2 }], payment: { token: 'tok_visa' } };

describe('order API', () => {
  let env: TestEnvironment;
  let api: AppProcess;
  let base: string;

  before(async () => {
    env = await createTestEnvironment('api');
    const port = await freePort();
    api = await startApp(APP.ORDER_API, env.appEnv({ API_PORT: String(port), API_HOST: '127.0.0.1', ADMIN_TOKEN, MAX_BODY_BYTES: '4096' }));
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await api.stop();
    await env.cleanup();
  });

  function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  }

  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const orderCount = (): Promise<number> => env.db.collection(COLLECTION.ORDERS).countDocuments();

  it('accepts an order with 202, a Location header and status PENDING, and queues its first step', async () => {
    const response = await post('/orders', VALID);
    assert.equal(response.status, 202);
    const body = (await response.json()) as { orderId: string; status: string; accessToken: string };
    assert.match(body.orderId, /^ord_[0-9a-f]{32}$/);
    assert.equal(body.status, 'PENDING');
    assert.match(body.accessToken, /^oat_[A-Za-z0-9_-]{43}$/);
    assert.equal(response.headers.get('location'), `/orders/${body.orderId}`);
    const order = (await (await fetch(`${base}/orders/${body.orderId}`, { headers: { authorization: `Bearer ${body.accessToken}` } })).json()) as Record<string, unknown>;
    assert.equal(order['status'], 'PENDING');
    assert.deepEqual(order['items'], VALID.items);
    assert.deepEqual(order['history'], []);
    assert.equal((order['payment'] as Record<string, unknown>)['status'], 'PENDING');
  });

  it('same Idempotency-Key and body, even 20 at once, give one order; another body gives 422', async () => {
    const key = `key-${Date.now()}`;
    const before = await orderCount();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('/orders', VALID, { 'Idempotency-Key': key })));
    assert.deepEqual([...new Set(responses.map((r) => r.status))], [202]);
    const ids = new Set(await Promise.all(responses.map(async (r) => ((await r.json()) as { orderId: string }).orderId)));
    assert.equal(ids.size, 1);
    assert.equal(await orderCount(), before + 1);
    const reordered = { payment: VALID.payment, items: VALID.items, email: VALID.email, customerId: VALID.customerId };
    const replay = await post('/orders', reordered, { 'Idempotency-Key': key });
    assert.equal(replay.status, 202, 'key order in the JSON does not matter');
    assert.equal(((await replay.json()) as { orderId: string }).orderId, [...ids][0]);
    const conflict = await post('/orders', { ...VALID, items: [{ sku: 'SKU-1', quantity: 3 }] }, { 'Idempotency-Key': key });
    await assertErrorResponse(conflict, 422, 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(await orderCount(), before + 1);
  });

  it('lets only the order\'s access token (or the admin token) read or cancel it; anyone else gets 404', async () => {
    const first = (await (await post('/orders', VALID, { 'Idempotency-Key': 'token-1' })).json()) as { orderId: string; accessToken: string };
    const replay = (await (await post('/orders', VALID, { 'Idempotency-Key': 'token-1' })).json()) as { orderId: string; accessToken: string };
    assert.equal(replay.accessToken, first.accessToken, 'a replay answers the same token');
    const other = (await (await post('/orders', { ...VALID, customerId: 'c-99' })).json()) as { orderId: string; accessToken: string };
    const read = (token: string): Promise<number> => fetch(`${base}/orders/${first.orderId}`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status);
    assert.equal((await fetch(`${base}/orders/${first.orderId}`)).status, 404);
    assert.equal(await read(other.accessToken), 404, 'another order\'s token opens nothing else');
    assert.equal(await read(first.accessToken), 200);
    assert.equal(await read(ADMIN_TOKEN), 200);
    assert.equal((await post(`/orders/${first.orderId}/cancel`, {}, { authorization: `Bearer ${other.accessToken}` })).status, 404);
  });

  it('scopes Idempotency-Keys per customer, and gives orders ids that a key does not reveal', async () => {
    const first = await post('/orders', VALID, { 'Idempotency-Key': 'demo-1' });
    const other = await post('/orders', { ...VALID, customerId: 'c-43' }, { 'Idempotency-Key': 'demo-1' });
    assert.equal(first.status, 202);
    assert.equal(other.status, 202, 'the same key from another customer is another order, not a 422');
    const [a, b] = [((await first.json()) as { orderId: string }).orderId, ((await other.json()) as { orderId: string }).orderId];
    assert.notEqual(a, b);
    const again = await post('/orders', { ...VALID, customerId: 'c-43' }, { 'Idempotency-Key': 'demo-1' });
    assert.equal(((await again.json()) as { orderId: string }).orderId, b);
    const second = await post('/orders', VALID, { 'Idempotency-Key': 'demo-2' });
    assert.notEqual(((await second.json()) as { orderId: string }).orderId.slice(0, 12), a.slice(0, 12), 'ids are random, not derived from the key');
  });

  it('answers 404 for an unknown order, and 409 when cancelling a finished one', async () => {
    await assertErrorResponse(await fetch(`${base}/orders/ord_nope`, { headers: admin }), 404, 'NOT_FOUND');
    await assertErrorResponse(await post('/orders/ord_nope/cancel', {}, admin), 404, 'NOT_FOUND');
    const { orderId, accessToken } = (await (await post('/orders', VALID)).json()) as { orderId: string; accessToken: string };
    const bearer = { authorization: `Bearer ${accessToken}` };
    const accepted = await post(`/orders/${orderId}/cancel`, {}, bearer);
    assert.equal(accepted.status, 202);
    assert.equal(((await accepted.json()) as { cancelRequested: boolean }).cancelRequested, true);
    await env.db.collection(COLLECTION.ORDERS).updateOne({ _id: orderId as never }, { $set: { 'saga.status': 'CANCELLED', 'saga.phase': 'DONE', 'saga.step': null } });
    await assertErrorResponse(await post(`/orders/${orderId}/cancel`, {}, bearer), 409, 'ORDER_TERMINAL');
  });

  it('guards admin routes with the bearer token and sets and reads stock', async () => {
    await assertErrorResponse(await fetch(`${base}/admin/inventory/SKU-9`), 401, 'UNAUTHORIZED');
    await assertErrorResponse(await fetch(`${base}/admin/inventory/SKU-9`, { headers: { authorization: 'Bearer wrong' } }), 401, 'UNAUTHORIZED');
    await assertErrorResponse(await fetch(`${base}/admin/inventory/SKU-9`, { headers: admin }), 404, 'NOT_FOUND');
    const put = await fetch(`${base}/admin/inventory/SKU-9`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ available: 100 }) });
    assert.equal(put.status, 200);
    const read = await fetch(`${base}/admin/inventory/SKU-9`, { headers: admin });
    assert.deepEqual(await read.json(), { sku: 'SKU-9', available: 100, reserved: 0, sold: 0, unitPrice: 1000, version: 1 });
    assert.equal(read.headers.get('etag'), '"1"');
    const bad = await fetch(`${base}/admin/inventory/SKU-9`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ available: -1 }) });
    await assertErrorResponse(bad, 400, 'VALIDATION_FAILED');
    const metrics = await fetch(`${base}/admin/metrics`, { headers: admin });
    assert.equal(metrics.status, 200);
    const overview = (await metrics.json()) as { ordersByStatus: object; providers: object };
    assert.ok('ordersByStatus' in overview);
    assert.deepEqual(overview.providers, { payment: { state: 'closed', openInstances: 0 }, mail: { state: 'closed', openInstances: 0 } });
  });

  it('adjusts stock by delta in the database, never below zero, and refuses a stale absolute set with 412; each change is audited', async () => {
    const json = { ...admin, 'content-type': 'application/json' };
    const put = (body: unknown, ifMatch?: string): Promise<Response> =>
      fetch(`${base}/admin/inventory/ADJ-1`, { method: 'PUT', headers: ifMatch === undefined ? json : { ...json, 'if-match': ifMatch }, body: JSON.stringify(body) });
    const adjust = (sku: string, body: unknown): Promise<Response> => fetch(`${base}/admin/inventory/${sku}/adjust`, { method: 'POST', headers: json, body: JSON.stringify(body) });
    const created = await put({ available: 10, reason: 'first delivery' });
    assert.equal(created.status, 200);
    const etag = created.headers.get('etag');
    assert.equal(etag, '"1"');

    const added = await adjust('ADJ-1', { delta: 5, reason: 'second delivery' });
    assert.equal(added.status, 200);
    assert.deepEqual(await added.json(), { sku: 'ADJ-1', available: 15, reserved: 0, sold: 0, unitPrice: 1000, version: 2 });
    await assertErrorResponse(await adjust('ADJ-1', { delta: -16, reason: 'count came up short' }), 409, 'STOCK_WOULD_GO_NEGATIVE');
    await assertErrorResponse(await adjust('ADJ-404', { delta: 1, reason: 'no such SKU' }), 404, 'NOT_FOUND');
    assert.equal((await adjust('ADJ-1', { delta: -15, reason: 'all damaged' })).status, 200);

    // The operator read version 1; the stock has moved since: the absolute set is refused.
    await assertErrorResponse(await put({ available: 50 }, etag ?? ''), 412, 'STOCK_VERSION_MISMATCH');
    await assertErrorResponse(await fetch(`${base}/admin/inventory/ADJ-404`, { method: 'PUT', headers: { ...json, 'if-match': '"1"' }, body: JSON.stringify({ available: 1 }) }), 412, 'STOCK_VERSION_MISMATCH');
    const current = await fetch(`${base}/admin/inventory/ADJ-1`, { headers: admin });
    assert.deepEqual(((await current.json()) as { available: number }).available, 0, 'the refused set changed nothing');
    const fresh = await put({ available: 50, reason: 'recount' }, current.headers.get('etag') ?? '');
    assert.equal(fresh.status, 200);
    assert.equal(fresh.headers.get('etag'), '"4"');

    // Every field at once: a wrong SKU does not hide a wrong delta, reason or If-Match.
    const wrong = await assertErrorResponse(await adjust('bad%20sku', { delta: 0, reason: 'x' }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(wrong.fields?.map((field) => field.path), ['sku', 'delta', 'reason']);
    const header = await assertErrorResponse(await fetch(`${base}/admin/inventory/bad%20sku`, { method: 'PUT', headers: { ...json, 'if-match': 'yesterday' }, body: JSON.stringify({ available: -1 }) }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(header.fields?.map((field) => field.path), ['sku', 'If-Match', 'available']);

    const audit = (await (await fetch(`${base}/admin/audit`, { headers: admin })).json()) as { action: string; sku?: string; reason: string; outcome: string; operator: string }[];
    const mine = audit.filter((entry) => entry.sku === 'ADJ-1').map(({ action, reason, outcome, operator }) => `${operator} ${action} ${outcome} ${reason}`);
    assert.deepEqual(mine, [
      'token stock.set APPLIED (available 50) recount',
      'token stock.set STOCK_VERSION_MISMATCH no reason given',
      'token stock.adjust APPLIED (-15, available 0) all damaged',
      'token stock.adjust STOCK_WOULD_GO_NEGATIVE count came up short',
      'token stock.adjust APPLIED (+5, available 15) second delivery',
      'token stock.set APPLIED (available 10) first delivery',
    ]);
  });

  it('lists live workers from their heartbeats, and warns of a queue with waiting jobs that no live worker consumes', async () => {
    await post('/orders', { customerId: 'c-workers', email: 'w@example.com', items: [{ sku: 'SKU-9', quantity: 1 }], payment: { token: 'tok_visa' } });
    const read = async (): Promise<{ workers: { kind: string; state: string }[]; unattended: { queue: string; waiting: number }[] }> => (await fetch(`${base}/admin/workers`, { headers: admin })).json() as never;
    const before = await read();
    assert.deepEqual(before.workers, [], 'this test runs the API alone');
    assert.ok(before.unattended.some((entry) => entry.queue === 'inventory' && entry.waiting >= 1), 'the order waits in the inventory queue with nobody to take it');
    const registry = env.db.collection<{ _id: string }>(COLLECTION.WORKERS);
    const beat = { kind: 'inventory-worker', queue: 'inventory', host: 'test-host', pid: 1, concurrency: 8, jobsInFlight: 0, startedAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) };
    await registry.insertOne({ _id: 'silent', ...beat, state: 'consuming', heartbeatAt: new Date(Date.now() - 60_000) } as never);
    assert.ok((await read()).unattended.some((entry) => entry.queue === 'inventory'), 'a worker silent for a minute is not alive');
    await registry.insertOne({ _id: 'live', ...beat, state: 'consuming', heartbeatAt: new Date() } as never);
    // reads within a second share one answer (every open console asks): the new heartbeat shows in the next
    const after = await waitFor(async () => {
      const view = await read();
      return view.workers.length > 0 ? view : undefined;
    }, 5_000, 'the live worker to be listed');
    assert.deepEqual(after.workers.map((worker) => `${worker.kind} ${worker.state}`), ['inventory-worker consuming']);
    assert.equal(after.unattended.some((entry) => entry.queue === 'inventory'), false);
    await registry.deleteMany({});
  });

  it('tells when a retrying step runs next: its job in the delayed set, read back from BullMQ', async () => {
    const order = { ...newOrder(), saga: sagaAt(SAGA_STEP.AUTHORIZE_PAYMENT) };
    await env.db.collection(COLLECTION.ORDERS).insertOne(order as never);
    const detail = async (): Promise<{ nextRunAt: string | null }> => (await fetch(`${base}/admin/orders/${order._id}`, { headers: admin })).json() as never;
    assert.equal((await detail()).nextRunAt, null, 'no job waiting to be retried');
    const queue = new Queue(QUEUE.PAYMENT, { connection: redisOptionsFromUrl(env.redisUrl), prefix: env.queuePrefix });
    try {
      const before = Date.now();
      await queue.add(SAGA_STEP.AUTHORIZE_PAYMENT, { orderId: order._id, step: SAGA_STEP.AUTHORIZE_PAYMENT, version: order.saga.version }, { jobId: stepJobId(order._id, order.saga.version), delay: 90_000 });
      const nextRunAt = Date.parse((await detail()).nextRunAt ?? '');
      assert.ok(nextRunAt >= before + 90_000 && nextRunAt <= Date.now() + 90_000, `next run ${new Date(nextRunAt).toISOString()}, 90 s after it was delayed`);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  it('counts terminal orders from counters, and recounts them from the stored orders on request', async () => {
    const orders = env.db.collection(COLLECTION.ORDERS);
    const at = new Date();
    await orders.insertMany([
      { ...newOrder(), saga: { ...sagaAt('SEND_CONFIRMATION'), status: 'COMPLETED', phase: 'DONE', step: null }, createdAt: at },
      { ...newOrder(), saga: { ...sagaAt('SEND_CONFIRMATION'), status: 'COMPLETED', phase: 'DONE', step: null }, createdAt: at },
      { ...newOrder(), saga: { ...sagaAt('RESERVE_STOCK'), status: 'CANCELLED', phase: 'DONE', step: null }, createdAt: at },
    ] as never[]);
    const recount = await fetch(`${base}/admin/maintenance/recount`, { method: 'POST', headers: admin });
    assert.equal(recount.status, 200);
    const counted = (await recount.json()) as Record<string, number>;
    assert.ok((counted['COMPLETED'] ?? 0) >= 2 && (counted['CANCELLED'] ?? 0) >= 1);
    const metrics = (await (await fetch(`${base}/admin/metrics`, { headers: admin })).json()) as { ordersByStatus: Record<string, number> };
    assert.equal(metrics.ordersByStatus['COMPLETED'], counted['COMPLETED']);
    assert.equal(metrics.ordersByStatus['CANCELLED'], counted['CANCELLED']);
  });

  it('pages admin order lists without skipping orders created in the same millisecond', async () => {
    const at = new Date('2030-01-01T00:00:00.000Z');
    const ids = ['ord_tie_a', 'ord_tie_b', 'ord_tie_c'];
    const template = (await env.db.collection(COLLECTION.ORDERS).findOne({}))!;
    await env.db.collection(COLLECTION.ORDERS).insertMany(ids.map((id) => ({ ...template, _id: id as never, createdAt: at })));
    const page = async (query: string): Promise<string[]> =>
      ((await (await fetch(`${base}/admin/orders?${query}`, { headers: admin })).json()) as { orderId: string }[]).map((o) => o.orderId);
    const first = await page('limit=2');
    assert.deepEqual(first, ['ord_tie_c', 'ord_tie_b']);
    const second = await page(`limit=2&before=${at.toISOString()}&beforeId=ord_tie_b`);
    assert.equal(second[0], 'ord_tie_a');
    await assertErrorResponse(await fetch(`${base}/admin/orders?limit=0`, { headers: admin }), 400, 'VALIDATION_FAILED');
  });

  it('serves an OpenAPI document that lists every route, and a health check', async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, method] of [
      ['/orders', 'post'],
      ['/orders/{orderId}', 'get'],
      ['/orders/{orderId}/cancel', 'post'],
      ['/admin/inventory/{sku}', 'put'],
      ['/admin/inventory/{sku}', 'get'],
      ['/admin/inventory/{sku}/adjust', 'post'],
      ['/admin/orders', 'get'],
      ['/admin/orders/{orderId}/retry', 'post'],
      ['/admin/metrics', 'get'],
      ['/admin/workers', 'get'],
      ['/admin/locks', 'get'],
      ['/admin/locks/busy', 'get'],
      ['/admin/inventory/{sku}/holds', 'get'],
      ['/admin/maintenance/recount', 'post'],
      ['/health', 'get'],
    ] as const) {
      assert.ok(document.paths[path]?.[method], `${method.toUpperCase()} ${path} is documented`);
    }
    assert.deepEqual(await (await fetch(`${base}/health`)).json(), {
      status: 'ok',
      mongo: 'up',
      redis: 'up',
      providers: { payment: { state: 'closed', openInstances: 0 }, mail: { state: 'closed', openInstances: 0 } },
    });
  });
});
