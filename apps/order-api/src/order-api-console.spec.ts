/**
 * The console's admin API over HTTP against real MongoDB and Redis (no workers): the live event
 * stream (auth, the overview on connect, one `orders` event after orders are placed), search and
 * filters, and the bulk action's contract.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APP, createTestEnvironment, freePort, startApp, waitFor, type AppProcess, type TestEnvironment } from '@app/testing';
import { assertErrorResponse } from './testing/error-response.assertions';

const ADMIN_TOKEN = 'test-admin-token-0123456789';
const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

describe('console admin API', () => {
  let env: TestEnvironment;
  let api: AppProcess;
  let base: string;

  before(async () => {
    env = await createTestEnvironment('console-api');
    const port = await freePort();
    api = await startApp(APP.ORDER_API, env.appEnv({ API_PORT: String(port), API_HOST: '127.0.0.1', ADMIN_TOKEN, RATE_LIMIT_PER_MINUTE: '0' }));
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await api.stop();
    await env.cleanup();
  });

  async function place(customerId: string, email: string, sku: string): Promise<string> {
    const response = await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId, email, items: [{ sku, quantity: 1 }], payment: { token: 'tok_visa' } }) });
    assert.equal(response.status, 202);
    return ((await response.json()) as { orderId: string }).orderId;
  }

  const list = async (query: string): Promise<string[]> => {
    const response = await fetch(`${base}/admin/orders?${query}`, { headers: admin });
    assert.equal(response.status, 200, query);
    return ((await response.json()) as { orderId: string }[]).map((order) => order.orderId);
  };

  it('streams events only to an admin: the overview on connect, then one coalesced `orders` event for a burst', async () => {
    await assertErrorResponse(await fetch(`${base}/admin/events`), 401, 'UNAUTHORIZED');
    const controller = new AbortController();
    const response = await fetch(`${base}/admin/events`, { headers: admin, signal: controller.signal });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (pattern: RegExp): Promise<RegExpMatchArray> => {
      return waitFor(async () => {
        const match = pattern.exec(text);
        if (match !== null) return match;
        const { value } = await reader.read();
        text += value ?? '';
        return pattern.exec(text) ?? undefined;
      }, 10_000, `an event matching ${pattern.source}`, 0);
    };
    await until(/event: overview\ndata: \{"counters"/);
    await Promise.all(Array.from({ length: 5 }, (_, i) => place(`c-live-${i}`, `live${i}@example.com`, 'LIVE-1')));
    const [, data] = await until(/event: orders\ndata: (.*)\n\n/);
    const event = JSON.parse(data ?? '{}') as { created: number; overview?: { ordersByStatus: Record<string, number> } };
    assert.ok(event.created >= 1 && event.created <= 5, 'the placements were coalesced');
    assert.ok((event.overview?.ordersByStatus['PENDING'] ?? 0) >= 1, 'the event carries the overview, read once for every client');
    controller.abort();
  });

  it('finds orders by id prefix, customer, email, SKU, status and time range, newest or oldest first', async () => {
    const start = new Date();
    const a = await place('c-find-a', 'a@example.com', 'FIND-1');
    const b = await place('c-find-b', 'b@example.com', 'FIND-2');
    const c = await place('c-find-a', 'c@example.com', 'FIND-2');
    assert.deepEqual(await list('customerId=c-find-a'), [c, a]);
    assert.deepEqual(await list('customerId=c-find-a&sort=oldest'), [a, c]);
    assert.deepEqual(await list('email=b%40example.com'), [b]);
    assert.deepEqual(await list('sku=FIND-2'), [c, b]);
    assert.deepEqual(await list(`orderId=${b.slice(0, 20)}`), [b]);
    assert.deepEqual(await list(`sku=FIND-2&status=PENDING&from=${encodeURIComponent(start.toISOString())}`), [c, b]);
    assert.deepEqual(await list(`sku=FIND-2&status=FAILED`), []);
    const newest = (await (await fetch(`${base}/admin/orders?ids=${a}`, { headers: admin })).json()) as { createdAt: string }[];
    assert.deepEqual(await list(`customerId=c-find-a&after=${encodeURIComponent(newest[0]?.createdAt ?? '')}&afterId=${a}`), [c], 'what arrived since a row');
    assert.deepEqual(await (await fetch(`${base}/admin/orders/count?sku=FIND-2`, { headers: admin })).json(), { count: 2, capped: false });
    assert.deepEqual(await (await fetch(`${base}/admin/orders/count?sku=FIND-2&limit=1`, { headers: admin })).json(), { count: 1, capped: true }, 'counted up to the limit');
    assert.deepEqual(await (await fetch(`${base}/admin/orders/count?sku=FIND-2&from=${encodeURIComponent(start.toISOString())}&limit=100`, { headers: admin })).json(), { count: 2, capped: false }, 'the "N new orders" count: a filter and a createdAt range');
    await assertErrorResponse(await fetch(`${base}/admin/orders/count?limit=0`, { headers: admin }), 400, 'VALIDATION_FAILED');
    const refused = await fetch(`${base}/admin/orders?orderId=ord_&status=NOPE&colour=red`, { headers: admin });
    const body = await assertErrorResponse(refused, 400, 'VALIDATION_FAILED');
    assert.deepEqual((body.fields ?? []).map((field) => field.path).sort(), ['colour', 'orderId', 'status']);
  });

  it('runs a bulk cancel by ids server-side, one result per order, each saying why when it could not apply', async () => {
    const open = await place('c-bulk', 'bulk@example.com', 'BULK-1');
    const missing = 'ord_00000000000000000000000000000000';
    const both = await fetch(`${base}/admin/orders/bulk`, { method: 'POST', headers: admin, body: JSON.stringify({ action: 'cancel', ids: [open], filter: { sku: 'BULK-1' }, reason: 'test' }) });
    await assertErrorResponse(both, 400, 'VALIDATION_FAILED');
    const noReason = await fetch(`${base}/admin/orders/bulk`, { method: 'POST', headers: admin, body: JSON.stringify({ action: 'cancel', ids: [open] }) });
    await assertErrorResponse(noReason, 400, 'VALIDATION_FAILED');
    const started = await fetch(`${base}/admin/orders/bulk`, { method: 'POST', headers: admin, body: JSON.stringify({ action: 'cancel', ids: [open, missing, open], reason: 'customer called' }) });
    assert.equal(started.status, 202);
    const { bulkId, total } = (await started.json()) as { bulkId: string; total: number };
    assert.equal(total, 2, 'duplicates count once');
    const done = await waitFor(async () => {
      const view = (await (await fetch(`${base}/admin/bulk/${bulkId}`, { headers: admin })).json()) as { state: string; applied: number; skipped: number; results: { orderId: string; outcome: string; code?: string }[] };
      return view.state === 'DONE' ? view : undefined;
    }, 10_000, 'the bulk action to finish');
    assert.deepEqual([done.applied, done.skipped], [1, 1]);
    assert.deepEqual(done.results.map((r) => [r.orderId, r.outcome, r.code ?? null]), [[open, 'APPLIED', null], [missing, 'SKIPPED', 'NOT_FOUND']]);
    const detail = (await (await fetch(`${base}/admin/orders/${open}`, { headers: admin })).json()) as { audit: { operator: string; action: string; reason: string; outcome: string; bulkId?: string }[] };
    assert.deepEqual(detail.audit.map(({ operator, action, reason, outcome, bulkId: id }) => ({ operator, action, reason, outcome, id })), [{ operator: 'token', action: 'order.cancel', reason: 'customer called', outcome: 'APPLIED', id: bulkId }]);
  });
});
