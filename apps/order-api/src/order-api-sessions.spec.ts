/**
 * Named operators and their sessions, over HTTP against real MongoDB and Redis (no workers):
 * operators added by the real CLI, sign-in with its cookie and CSRF token, refusals in the one
 * error shape, expiry decided by `expiresAt`, two operators acting at once recorded under their
 * own names, the bearer ADMIN_TOKEN still working for scripts, and the read-only queues board
 * open only to a signed-in operator or the bearer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { QUEUE } from '@app/contracts';
import { COLLECTION } from '@app/dal';
import { addOperator, APP, createTestEnvironment, freePort, operatorCli, OperatorSessionClient, startApp, waitFor, type AppProcess, type TestEnvironment } from '@app/testing';
import { assertErrorResponse } from './testing/error-response.assertions';

const ADMIN_TOKEN = 'test-admin-token-0123456789';
const bearer = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

describe('operators and sessions', () => {
  let env: TestEnvironment;
  let api: AppProcess;
  let base: string;
  const passwords = new Map<string, string>();

  async function startApi(extra: Record<string, string>): Promise<{ process: AppProcess; url: string }> {
    const port = await freePort();
    const process = await startApp(APP.ORDER_API, env.appEnv({ API_PORT: String(port), API_HOST: '127.0.0.1', ADMIN_TOKEN, RATE_LIMIT_PER_MINUTE: '0', ...extra }));
    return { process, url: `http://127.0.0.1:${port}` };
  }

  before(async () => {
    env = await createTestEnvironment('sessions');
    ({ process: api, url: base } = await startApi({ SESSION_TTL_MS: '600000' }));
    for (const name of ['alice', 'bob', 'carol']) passwords.set(name, await addOperator(env.appEnv(), name));
  });

  after(async () => {
    await api?.stop();
    await env?.cleanup();
  });

  const signIn = (name: string): Promise<OperatorSessionClient> => OperatorSessionClient.signIn(base, name, passwords.get(name) ?? '');

  async function place(customerId: string): Promise<string> {
    const response = await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerId, email: `${customerId}@example.com`, items: [{ sku: 'OPS-1', quantity: 1 }], payment: { token: 'tok_visa' } }) });
    assert.equal(response.status, 202);
    return ((await response.json()) as { orderId: string }).orderId;
  }

  it('the CLI stores scrypt hashes only, refuses a second operator of a name and the reserved `token`, and lists them', async () => {
    const stored = await env.db.collection<{ _id: string; passwordHash: string }>(COLLECTION.OPERATORS).findOne({ _id: 'alice' });
    assert.match(stored?.passwordHash ?? '', /^\$scrypt\$ln=14,r=8,p=1\$/);
    assert.ok(!JSON.stringify(stored).includes(passwords.get('alice') ?? '-'), 'the password itself is not stored');
    await assert.rejects(operatorCli(env.appEnv(), 'add', 'alice'), /operator alice exists/);
    await assert.rejects(operatorCli(env.appEnv(), 'add', 'token'), /reserved/);
    assert.match(await operatorCli(env.appEnv(), 'add', 'alice', '--if-missing'), /operator alice exists/);
    assert.deepEqual((await operatorCli(env.appEnv(), 'list')).trim().split('\n').map((line) => line.split('\t')[0]), ['alice', 'bob', 'carol']);
  });

  it('signs in with a session cookie that is HTTP-only, SameSite=Strict, scoped to /admin and expiring; answers who is signed in', async () => {
    const alice = await signIn('alice');
    assert.match(alice.setCookie, /^saga_session=[A-Za-z0-9_-]{43};/);
    assert.match(alice.setCookie, /; HttpOnly/);
    assert.match(alice.setCookie, /; SameSite=Strict/);
    assert.match(alice.setCookie, /; Path=\/admin/);
    assert.match(alice.setCookie, /; Max-Age=600;/);
    assert.match(alice.setCookie, /; Expires=/);
    assert.doesNotMatch(alice.setCookie, /; Secure/, 'plain http: not Secure');
    const stored = await env.db.collection<{ _id: string; operator: string; expiresAt: Date }>(COLLECTION.SESSIONS).find({ operator: 'alice' }).toArray();
    assert.equal(stored.length, 1);
    assert.ok(!alice.setCookie.includes(stored[0]?._id ?? '-'), 'only a digest of the cookie is stored');
    const who = await alice.fetch('/admin/session', {}, { csrf: false });
    assert.equal(who.status, 200);
    assert.deepEqual(Object.keys((await who.json()) as object).sort(), ['csrfToken', 'expiresAt', 'operator']);
    assert.equal((await alice.fetch('/admin/metrics', {}, { csrf: false })).status, 200, 'reads need no CSRF token');
  });

  it('marks the cookie Secure when the request came over https (X-Forwarded-Proto behind TRUST_PROXY)', async () => {
    const proxied = await startApi({ TRUST_PROXY: 'true' });
    try {
      const response = await fetch(`${proxied.url}/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body: JSON.stringify({ name: 'bob', password: passwords.get('bob') }) });
      assert.equal(response.status, 200);
      assert.match(response.headers.getSetCookie()[0] ?? '', /; Secure/);
    } finally {
      await proxied.process.stop();
    }
  });

  it('refuses a wrong password and an unknown name alike (401), and rate-limits failures per name and client (429 with Retry-After)', async () => {
    const attempt = (name: string, password: string): Promise<Response> => fetch(`${base}/admin/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
    const wrong = await assertErrorResponse(await attempt('carol', 'not-her-password'), 401, 'UNAUTHORIZED');
    const unknown = await assertErrorResponse(await attempt('mallory', 'whatever'), 401, 'UNAUTHORIZED');
    assert.equal(wrong.message, unknown.message, 'a wrong name and a wrong password read the same');
    await assertErrorResponse(await attempt('carol', ''), 400, 'VALIDATION_FAILED');
    for (let i = 2; i <= 10; i += 1) assert.equal((await attempt('carol', `guess-${i}`)).status, 401);
    const limited = await attempt('carol', passwords.get('carol') ?? '');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    await assertErrorResponse(limited, 429, 'RATE_LIMITED');
    assert.equal((await attempt('bob', passwords.get('bob') ?? '')).status, 200, 'another name is not limited');
  });

  it('refuses a mutating request made with the cookie but without the session\'s CSRF token (403 CSRF_TOKEN_INVALID), and writes nothing', async () => {
    const bob = await signIn('bob');
    const alice = await signIn('alice');
    const orderId = await place('c-csrf');
    await assertErrorResponse(await bob.fetch(`/admin/orders/${orderId}/cancel`, { method: 'POST', body: JSON.stringify({ reason: 'no token sent' }) }, { csrf: false }), 403, 'CSRF_TOKEN_INVALID');
    await assertErrorResponse(await bob.fetch(`/admin/orders/${orderId}/cancel`, { method: 'POST', body: JSON.stringify({ reason: 'alice token' }), headers: { 'x-csrf-token': alice.csrfToken } }), 403, 'CSRF_TOKEN_INVALID');
    await assertErrorResponse(await bob.fetch('/admin/inventory/OPS-1', { method: 'PUT', body: JSON.stringify({ available: 5 }) }, { csrf: false }), 403, 'CSRF_TOKEN_INVALID');
    await assertErrorResponse(await bob.fetch('/admin/session', { method: 'DELETE' }, { csrf: false }), 403, 'CSRF_TOKEN_INVALID');
    assert.equal(await env.db.collection(COLLECTION.AUDIT).countDocuments({ orderId }), 0);
    assert.equal(await env.db.collection<{ _id: string }>(COLLECTION.INVENTORY).countDocuments({ _id: 'OPS-1' }), 0);
  });

  it('signs out: the cookie is cleared and the session no longer opens anything', async () => {
    const bob = await signIn('bob');
    const out = await bob.fetch('/admin/session', { method: 'DELETE' });
    assert.equal(out.status, 204);
    assert.match(out.headers.getSetCookie()[0] ?? '', /^saga_session=;.*Expires=Thu, 01 Jan 1970/);
    await assertErrorResponse(await bob.fetch('/admin/metrics', {}, { csrf: false }), 401, 'UNAUTHORIZED');
  });

  it('ends a session at its expiresAt (decided in the query, not by the TTL monitor), and at SESSION_TTL_MS', async () => {
    const sessions = env.db.collection<{ _id: string; operator: string; expiresAt: Date }>(COLLECTION.SESSIONS);
    const alice = await signIn('alice');
    assert.equal((await alice.fetch('/admin/metrics', {}, { csrf: false })).status, 200);
    const [stored] = await sessions.find({ operator: 'alice' }).sort({ createdAt: -1 }).limit(1).toArray();
    await sessions.updateOne({ _id: stored?._id ?? '' }, { $set: { expiresAt: new Date(Date.now() - 1_000) } });
    await assertErrorResponse(await alice.fetch('/admin/metrics', {}, { csrf: false }), 401, 'UNAUTHORIZED');
    assert.equal(await sessions.countDocuments({ _id: stored?._id ?? '' }), 1, 'the document is still there: the filter decided');
    const short = await startApi({ SESSION_TTL_MS: '1500' });
    try {
      const fleeting = await OperatorSessionClient.signIn(short.url, 'alice', passwords.get('alice') ?? '');
      assert.match(fleeting.setCookie, /; Max-Age=1;/);
      assert.equal((await fleeting.fetch('/admin/metrics', {}, { csrf: false })).status, 200);
      await waitFor(async () => ((await fleeting.fetch('/admin/metrics', {}, { csrf: false })).status === 401 ? true : undefined), 10_000, 'the session to expire', 250);
    } finally {
      await short.process.stop();
    }
  });

  it('records two operators acting at once under their own names, with their reasons, in the audit trail and the order history', async () => {
    const [alice, bob] = await Promise.all([signIn('alice'), signIn('bob')]);
    const [first, second] = await Promise.all([place('c-two-1'), place('c-two-2')]);
    const answers = await Promise.all([
      alice.fetch(`/admin/orders/${first}/cancel`, { method: 'POST', body: JSON.stringify({ reason: 'alice: customer phoned' }) }),
      bob.fetch(`/admin/orders/${second}/cancel`, { method: 'POST', body: JSON.stringify({ reason: 'bob: duplicate order' }) }),
      alice.fetch('/admin/inventory/OPS-2', { method: 'PUT', body: JSON.stringify({ available: 7, reason: 'alice: counted the shelf' }) }),
      bob.fetch('/admin/orders/bulk', { method: 'POST', body: JSON.stringify({ action: 'retry', ids: [first], reason: 'bob: bulk try' }) }),
    ]);
    assert.deepEqual(answers.map((r) => r.status), [202, 202, 200, 202]);
    const detail = async (orderId: string): Promise<{ operator: string; action: string; reason: string }[]> =>
      ((await (await fetch(`${base}/admin/orders/${orderId}`, { headers: bearer })).json()) as { audit: { operator: string; action: string; reason: string }[] }).audit;
    assert.deepEqual((await detail(second)).map(({ operator, action, reason }) => ({ operator, action, reason })), [{ operator: 'bob', action: 'order.cancel', reason: 'bob: duplicate order' }]);
    const firstAudit = await waitFor(async () => {
      const audit = await detail(first);
      return audit.length === 2 ? audit : undefined;
    }, 10_000, 'the bulk retry to be recorded');
    assert.deepEqual(firstAudit.map(({ operator, action }) => `${operator} ${action}`).sort(), ['alice order.cancel', 'bob order.retry']);
    const trail = (await (await fetch(`${base}/admin/audit`, { headers: bearer })).json()) as { operator: string; action: string; sku?: string; reason: string }[];
    assert.ok(trail.some((e) => e.operator === 'alice' && e.action === 'stock.set' && e.sku === 'OPS-2' && e.reason === 'alice: counted the shelf'));
    assert.ok(trail.some((e) => e.operator === 'bob' && e.action === 'bulk.retry' && e.reason === 'bob: bulk try'));
  });

  it('keeps the bearer ADMIN_TOKEN working for scripts, recorded as `token`, with no CSRF token needed', async () => {
    const orderId = await place('c-bearer');
    const cancel = await fetch(`${base}/admin/orders/${orderId}/cancel`, { method: 'POST', headers: bearer, body: JSON.stringify({ reason: 'script cleanup' }) });
    assert.equal(cancel.status, 202);
    const who = (await (await fetch(`${base}/admin/session`, { headers: bearer })).json()) as { operator: string; csrfToken?: string };
    assert.deepEqual(who, { operator: 'token' });
    const trail = (await (await fetch(`${base}/admin/audit`, { headers: bearer })).json()) as { operator: string; orderId?: string }[];
    assert.equal(trail.find((e) => e.orderId === orderId)?.operator, 'token');
    await assertErrorResponse(await fetch(`${base}/admin/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } }), 401, 'UNAUTHORIZED');
  });

  it('shows bull-board at /admin/queues, every saga queue, only to a signed-in operator or the bearer, and read-only', async () => {
    await assertErrorResponse(await fetch(`${base}/admin/queues`), 401, 'UNAUTHORIZED');
    await assertErrorResponse(await fetch(`${base}/admin/queues/api/queues`), 401, 'UNAUTHORIZED');
    await assertErrorResponse(await fetch(`${base}/admin/queues/api/queues`, { headers: { cookie: 'saga_session=forged' } }), 401, 'UNAUTHORIZED');
    const alice = await signIn('alice');
    const page = await alice.fetch('/admin/queues', {}, { csrf: false });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>Saga queues<\/title>|Saga queues/);
    const listed = await alice.fetch('/admin/queues/api/queues', {}, { csrf: false });
    assert.equal(listed.status, 200);
    const { queues } = (await listed.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    assert.deepEqual(queues.map((q) => q.name).sort(), Object.values(QUEUE).sort());
    assert.ok(queues.every((q) => q.readOnlyMode));
    assert.equal((await fetch(`${base}/admin/queues/api/queues`, { headers: bearer })).status, 200);
    const queue = Object.values(QUEUE)[0] ?? '';
    await assertErrorResponse(await fetch(`${base}/admin/queues/api/queues/${queue}/retry/failed`, { method: 'PUT', headers: bearer }), 405, 'QUEUES_READ_ONLY');
    await assertErrorResponse(await alice.fetch(`/admin/queues/api/queues/${queue}/clean/failed`, { method: 'PUT' }), 405, 'QUEUES_READ_ONLY');
    await assertErrorResponse(await fetch(`${base}/admin/queues/api/queues/pause`, { method: 'PUT' }), 405, 'QUEUES_READ_ONLY');
  });

  it('removing an operator ends its sessions', async () => {
    const bob = await signIn('bob');
    assert.match(await operatorCli(env.appEnv(), 'remove', 'bob'), /operator bob removed; sessions ended: [1-9]/);
    await assertErrorResponse(await bob.fetch('/admin/metrics', {}, { csrf: false }), 401, 'UNAUTHORIZED');
  });
});
