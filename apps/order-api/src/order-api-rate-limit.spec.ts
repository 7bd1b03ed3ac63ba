/** POST /orders rate-limited per client IP (Redis-counted), with its own API on a limit of 3 per minute. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COLLECTION } from '@app/dal';
import { APP, createTestEnvironment, freePort, startApp, type AppProcess, type TestEnvironment } from '@app/testing';
import { assertErrorResponse } from './testing/error-response.assertions';

const VALID = { customerId: 'c-rl', email: 'ada@example.com', items: [{ sku: 'SKU-1', quantity: 1 }], payment: { token: 'tok_visa' } };

describe('order API rate limit', () => {
  let env: TestEnvironment;
  let api: AppProcess;
  let base: string;

  before(async () => {
    env = await createTestEnvironment('ratelimit');
    const port = await freePort();
    api = await startApp(APP.ORDER_API, env.appEnv({ API_PORT: String(port), API_HOST: '127.0.0.1', ADMIN_TOKEN: 'test-admin-token-0123456789', RATE_LIMIT_PER_MINUTE: '3' }));
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await api.stop();
    await env.cleanup();
  });

  it('answers 429 RATE_LIMITED with Retry-After past the limit, and writes nothing for it', async () => {
    const post = (): Promise<Response> => fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(VALID) });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await post()).status);
    const limited = await post();
    // The 4th may land in the next minute when the test straddles one; then the 5th is still inside it.
    const answer = limited.status === 429 ? limited : await post();
    assert.ok(statuses.filter((status) => status === 202).length >= 2, `first three: ${statuses.join(', ')}`);
    const retryAfter = Number(answer.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${String(answer.headers.get('retry-after'))}`);
    await assertErrorResponse(answer, 429, 'RATE_LIMITED');
    const accepted = [...statuses, limited.status].filter((status) => status === 202).length;
    assert.equal(await env.db.collection(COLLECTION.ORDERS).countDocuments(), accepted, 'a refused order is never written');
  });
});
