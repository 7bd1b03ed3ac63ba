/**
 * The order API while its MongoDB is frozen (SIGSTOP on a dev server of this test's own: a
 * stalled VM or a frozen container, where connections stay open and nothing answers): every
 * request answers 503 with Retry-After within about API_DB_TIMEOUT_MS instead of hanging, and
 * the API carries on by itself once the database answers again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APP, createTestEnvironment, freePort, startApp, startMongoDevServerProcess, type AppProcess, type MongoDevServerProcess, type TestEnvironment } from '@app/testing';
import { assertErrorResponse } from './testing/error-response.assertions';

const ADMIN_TOKEN = 'test-admin-token-0123456789';
const VALID = { customerId: 'c-7', email: 'ada@example.com', items: [{ sku: 'SKU-1', quantity: 1 }], payment: { token: 'tok_visa' } };

describe('order API with its database frozen', () => {
  let mongo: MongoDevServerProcess;
  let env: TestEnvironment;
  let api: AppProcess;
  let base: string;

  before(async () => {
    mongo = await startMongoDevServerProcess();
    env = await createTestEnvironment('outage');
    const port = await freePort();
    api = await startApp(APP.ORDER_API, env.appEnv({ MONGO_URL: mongo.url, API_PORT: String(port), API_HOST: '127.0.0.1', ADMIN_TOKEN, API_DB_TIMEOUT_MS: '1000' }));
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await api.stop();
    await mongo.stop();
    await env.cleanup();
  });

  function placeOrder(key: string): Promise<Response> {
    const headers = { 'content-type': 'application/json', 'idempotency-key': key, 'x-request-id': `req-${key}` };
    return fetch(`${base}/orders`, { method: 'POST', headers, body: JSON.stringify(VALID), signal: AbortSignal.timeout(10_000) });
  }

  it('answers 503 with Retry-After within seconds, then takes orders again once the database is back', async () => {
    assert.equal((await placeOrder('outage-before')).status, 202);
    mongo.freeze();
    try {
      const started = performance.now();
      const frozen = await placeOrder('outage-during');
      const tookMs = performance.now() - started;
      assert.equal(frozen.headers.get('retry-after'), '1');
      assert.equal((await assertErrorResponse(frozen, 503, 'DATABASE_UNAVAILABLE')).requestId, 'req-outage-during');
      assert.ok(tookMs < 5_000, `answered after ${Math.round(tookMs)} ms, not held`);
      assert.match(api.output(), /request req-outage-during \(POST \/orders\): database unavailable/, 'the log line quotes the request id');
      const health = await fetch(`${base}/health`, { signal: AbortSignal.timeout(10_000) });
      assert.equal(health.headers.get('retry-after'), '1');
      await assertErrorResponse(health, 503, 'DATABASE_UNAVAILABLE');
    } finally {
      mongo.thaw();
    }
    let after = 0;
    for (let i = 0; i < 20 && after !== 202; i += 1) {
      after = (await placeOrder('outage-after')).status;
      if (after !== 202) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(after, 202, 'the API recovered by itself');
  });
});
