/**
 * Property-based: thousands of generated bodies and Idempotency-Keys thrown at the real API
 * (rate limit off). Whatever comes in: never a 5xx; a refused request answers 4xx in the error
 * shape (`ErrorResponse`; a validation error names one entry per wrong field) and writes nothing;
 * a body that is valid by construction answers 202.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { COLLECTION } from '@app/dal';
import { APP, createTestEnvironment, freePort, startApp, type AppProcess, type TestEnvironment } from '@app/testing';
import { assertErrorBody } from './testing/error-response.assertions';

const sku = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);
const validBody = fc.record({
  customerId: fc.string({ minLength: 1, maxLength: 64 }).filter((value) => value.trim().length > 0 && !/[\uD800-\uDFFF]/u.test(value)),
  email: fc.emailAddress().filter((value) => value.length <= 254),
  items: fc.uniqueArray(fc.record({ sku, quantity: fc.integer({ min: 1, max: 1000 }) }), { minLength: 1, maxLength: 5, selector: (item) => item.sku }),
  payment: fc.record({ token: fc.constantFrom('tok_visa', 'tok_decline') }),
});
const anyValue = fc.anything({ withObjectString: true, withNullPrototype: false, maxDepth: 3 });
const hostileBody = fc.oneof(
  anyValue,
  validBody.chain((body) => fc.record({ field: fc.constantFrom('customerId', 'email', 'items', 'payment'), value: anyValue }).map(({ field, value }) => ({ ...body, [field]: value }))),
  validBody.chain((body) => fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).map((text) => ({ ...body, customerId: text }))),
  validBody.chain((body) => fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), anyValue).map(([key, value]) => ({ ...body, [key]: value }))),
);

describe('order API under generated input', () => {
  let env: TestEnvironment;
  let api: AppProcess;
  let base: string;

  before(async () => {
    env = await createTestEnvironment('fuzz');
    const port = await freePort();
    api = await startApp(APP.ORDER_API, env.appEnv({ API_PORT: String(port), API_HOST: '127.0.0.1', ADMIN_TOKEN: 'test-admin-token-0123456789', RATE_LIMIT_PER_MINUTE: '0', MAX_BODY_BYTES: '8192' }));
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await api.stop();
    await env.cleanup();
  });

  const orders = (): Promise<number> => env.db.collection(COLLECTION.ORDERS).countDocuments();

  async function send(body: string, key?: string): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== undefined) headers['idempotency-key'] = key;
    return fetch(`${base}/orders`, { method: 'POST', headers, body });
  }

  it('never answers 5xx; refusals are 4xx in the error shape and write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.option(fc.string({ maxLength: 40 }), { nil: undefined }), async (body, key) => {
        const before = await orders();
        let text: string;
        try {
          text = JSON.stringify(body) ?? 'null';
        } catch {
          return;
        }
        let response: Response;
        try {
          response = await send(text, key);
        } catch {
          return; // a header value fetch itself refuses to send (e.g. a control character)
        }
        assert.ok(response.status < 500, `${response.status} for ${text.slice(0, 200)} key=${JSON.stringify(key)}`);
        if (response.status === 202) return;
        assert.ok(response.status >= 400, `status ${response.status}`);
        const payload: unknown = await response.json();
        assertErrorBody(payload, response.status, response.headers.get('x-request-id'));
        if (response.status === 400 && payload.code !== 'INVALID_JSON') assert.equal(payload.code, 'VALIDATION_FAILED', text.slice(0, 200));
        assert.equal(await orders(), before, 'a refused request wrote nothing');
      }),
      { numRuns: 400, seed: 20261202 },
    );
  });

  it('accepts every body that is valid by construction', async () => {
    await fc.assert(
      fc.asyncProperty(validBody, async (body) => {
        const response = await send(JSON.stringify(body));
        assert.equal(response.status, 202, `${response.status} ${await response.clone().text()} for ${JSON.stringify(body)}`);
      }),
      { numRuns: 200, seed: 20261202 },
    );
  });
});
