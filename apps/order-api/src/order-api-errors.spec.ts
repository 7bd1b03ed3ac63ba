/**
 * Every error of the order API in its one shape (`ErrorResponse`), as a real process over HTTP:
 * one message per wrong field at its JavaScript path, the bodies the JSON parser refuses, Nest's
 * own 404, X-Request-Id echoed or generated and equal to the body's `requestId`, and an OpenAPI
 * document whose every error response is `ErrorResponse`. Nothing refused is written.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { COLLECTION } from '@app/dal';
import { APP, createTestEnvironment, freePort, startApp, type AppProcess, type TestEnvironment } from '@app/testing';
import { assertErrorResponse } from './testing/error-response.assertions';

const ADMIN_TOKEN = 'test-admin-token-0123456789';
const VALID = { customerId: 'c-42', email: 'ada@example.com', items: [{ sku: 'SKU-1', quantity: 2 }], payment: { token: 'tok_visa' } };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const RULE = {
  quantity: 'must be an integer from 1 to 1000',
  sku: 'must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-"',
  items: 'must be a list of 1-50 objects {sku, quantity} with distinct SKUs',
  customerId: 'must be a string of 1-64 characters',
  email: 'must be an email address of at most 254 characters',
  payment: 'must be an object {token}',
  token: 'must be 1-128 characters of A-Z, a-z, 0-9, "_" or "-"',
  unknown: 'is not a known field',
  operator: 'is not allowed as a field name (no "$" prefix, no ".", no prototype keys)',
  unicode: 'must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)',
  body: 'must be a JSON object (Content-Type: application/json)',
} as const;

/** [case, body, the exact `fields` expected]. */
const INVALID: [string, unknown, [string, string][]][] = [
  ['quantity as a string', { ...VALID, items: [{ sku: 'SKU-1', quantity: '2' }] }, [['items[0].quantity', RULE.quantity]]],
  ['quantity 0', { ...VALID, items: [{ sku: 'SKU-1', quantity: 0 }] }, [['items[0].quantity', RULE.quantity]]],
  ['quantity 1001', { ...VALID, items: [{ sku: 'SKU-1', quantity: 1001 }] }, [['items[0].quantity', RULE.quantity]]],
  ['fractional quantity', { ...VALID, items: [{ sku: 'SKU-1', quantity: 1.5 }] }, [['items[0].quantity', RULE.quantity]]],
  ['missing items', { customerId: 'c', email: 'a@b.co', payment: VALID.payment }, [['items', RULE.items]]],
  ['items not a list', { ...VALID, items: 'SKU-1' }, [['items', RULE.items]]],
  ['no items', { ...VALID, items: [] }, [['items', RULE.items]]],
  ['51 items', { ...VALID, items: Array.from({ length: 51 }, (_, i) => ({ sku: `S${i}`, quantity: 1 })) }, [['items', RULE.items]]],
  ['duplicate skus', { ...VALID, items: [{ sku: 'A', quantity: 1 }, { sku: 'A', quantity: 2 }] }, [['items', RULE.items]]],
  ['an item not an object', { ...VALID, items: ['SKU-1'] }, [['items', RULE.items]]],
  ['a null item', { ...VALID, items: [null] }, [['items', RULE.items]]],
  ['a second item without sku', { ...VALID, items: [{ sku: 'A', quantity: 1 }, { quantity: 3 }] }, [['items[1].sku', RULE.sku]]],
  ['bad sku characters', { ...VALID, items: [{ sku: 'SKU 1/..', quantity: 1 }] }, [['items[0].sku', RULE.sku]]],
  ['sku too long', { ...VALID, items: [{ sku: 'A'.repeat(65), quantity: 1 }] }, [['items[0].sku', RULE.sku]]],
  ['unknown field', { ...VALID, foo: 1 }, [['foo', RULE.unknown]]],
  ['unknown field in an item', { ...VALID, items: [{ sku: 'A', quantity: 1, bar: 2 }] }, [['items[0].bar', RULE.unknown]]],
  ['operator key', { ...VALID, $where: '1' }, [['$where', RULE.operator]]],
  ['operator in a value', { ...VALID, customerId: { $gt: '' } }, [['customerId.$gt', RULE.operator]]],
  ['operator key in an item', { ...VALID, items: [{ sku: 'SKU-1', quantity: 1, $where: '1' }] }, [['items[0].$where', RULE.operator]]],
  ['payment token object', { ...VALID, payment: { token: { $ne: null } } }, [['payment.token.$ne', RULE.operator]]],
  ['dotted key', { ...VALID, 'payment.token': 'x' }, [['["payment.token"]', RULE.operator]]],
  ['prototype key', JSON.parse('{"customerId":"c","email":"a@b.co","items":[{"sku":"A","quantity":1}],"payment":{"token":"tok_visa"},"__proto__":{"x":1}}'), [['__proto__', RULE.operator]]],
  ['customerId too long', { ...VALID, customerId: 'c'.repeat(65) }, [['customerId', RULE.customerId]]],
  ['empty customerId', { ...VALID, customerId: '' }, [['customerId', RULE.customerId]]],
  ['bad email', { ...VALID, email: 'not-an-email' }, [['email', RULE.email]]],
  ['missing payment', { customerId: 'c', email: 'a@b.co', items: VALID.items }, [['payment', RULE.payment]]],
  ['payment a string', { ...VALID, payment: 'tok_visa' }, [['payment', RULE.payment]]],
  ['bad payment token', { ...VALID, payment: { token: 'tok visa' } }, [['payment.token', RULE.token]]],
  ['array body', [VALID], [['body', RULE.body]]],
  ['unpaired UTF-16 surrogate in a value', { ...VALID, customerId: 'c-\ud800-42' }, [['customerId', RULE.unicode]]],
  ['unpaired UTF-16 surrogate in an item', { ...VALID, items: [{ sku: 'A', quantity: 1 }, { sku: '\udfff', quantity: 1 }] }, [['items[1].sku', RULE.unicode]]],
  ['an empty object', {}, [['customerId', RULE.customerId], ['email', RULE.email], ['items', RULE.items], ['payment', RULE.payment]]],
];

describe('order API errors', () => {
  let env: TestEnvironment;
  let api: AppProcess;
  let base: string;

  before(async () => {
    env = await createTestEnvironment('errors');
    const port = await freePort();
    api = await startApp(APP.ORDER_API, env.appEnv({ API_PORT: String(port), API_HOST: '127.0.0.1', ADMIN_TOKEN, MAX_BODY_BYTES: '4096', RATE_LIMIT_PER_MINUTE: '0' }));
    base = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    await api.stop();
    await env.cleanup();
  });

  const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const orderCount = (): Promise<number> => env.db.collection(COLLECTION.ORDERS).countDocuments();
  const post = (path: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  for (const [name, body, expected] of INVALID) {
    it(`answers ${name} with VALIDATION_FAILED and one message per wrong field, writing nothing`, async () => {
      const before = await orderCount();
      const payload = await assertErrorResponse(await post('/orders', JSON.stringify(body)), 400, 'VALIDATION_FAILED');
      assert.deepEqual(payload.fields?.map(({ path, message }) => [path, message]), expected);
      assert.ok(payload.message.startsWith(`Invalid request: ${expected[0]?.[0] ?? ''} ${expected[0]?.[1] ?? ''}`), payload.message);
      assert.equal(await orderCount(), before);
    });
  }

  it('answers bad Idempotency-Keys, query and path parameters with VALIDATION_FAILED naming them', async () => {
    const key = await assertErrorResponse(await post('/orders', JSON.stringify(VALID), { 'Idempotency-Key': 'k'.repeat(201) }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(key.fields, [{ path: 'Idempotency-Key', message: 'must be 1-200 printable ASCII characters' }]);
    const query = await assertErrorResponse(await fetch(`${base}/admin/orders?limit=0&beforeId=a&beforeId=b`, { headers: admin }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(query.fields?.map((field) => field.path), ['limit', 'beforeId']);
    const put = (sku: string, body: unknown): Promise<Response> =>
      fetch(`${base}/admin/inventory/${sku}`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const stock = await assertErrorResponse(await put('SKU-9', { available: '1', unitPrice: -1 }), 400, 'VALIDATION_FAILED');
    assert.deepEqual(stock.fields, [
      { path: 'available', message: 'must be an integer from 0 to 1000000000' },
      { path: 'unitPrice', message: 'must be an integer from 0 to 100000000 (cents)' },
    ]);
    assert.deepEqual((await assertErrorResponse(await put('bad%20sku', { available: 1 }), 400, 'VALIDATION_FAILED')).fields, [{ path: 'sku', message: RULE.sku }]);
  });

  it('answers bodies the JSON parser refuses in the shape: INVALID_JSON, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, never 500', async () => {
    const before = await orderCount();
    await assertErrorResponse(await post('/orders', '{"customerId": '), 400, 'INVALID_JSON');
    await assertErrorResponse(await post('/orders', 'null'), 400, 'INVALID_JSON');
    await assertErrorResponse(await post('/orders', '"a string"'), 400, 'INVALID_JSON');
    await assertErrorResponse(await post('/orders', '{}', { 'content-encoding': 'gzip' }), 400, 'INVALID_JSON');
    const large = await assertErrorResponse(await post('/orders', JSON.stringify({ ...VALID, pad: 'x'.repeat(10_000) })), 413, 'PAYLOAD_TOO_LARGE');
    assert.match(large.message, /4096 bytes/);
    await assertErrorResponse(await fetch(`${base}/orders`, { method: 'POST', body: 'customerId=c' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await assertErrorResponse(await post('/orders', JSON.stringify(VALID), { 'content-type': 'application/json; charset=latin1' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await assertErrorResponse(await post('/orders', JSON.stringify(VALID), { 'content-encoding': 'compress-me' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await assertErrorResponse(await fetch(`${base}/orders`, { method: 'POST' }), 400, 'VALIDATION_FAILED');
    assert.equal(await orderCount(), before);
  });

  it('answers unknown routes, missing orders, bad tokens and broken URLs in the shape', async () => {
    await assertErrorResponse(await fetch(`${base}/nope`), 404, 'NOT_FOUND');
    await assertErrorResponse(await fetch(`${base}/orders`, { method: 'DELETE' }), 404, 'NOT_FOUND');
    await assertErrorResponse(await post('/nope', '{}'), 404, 'NOT_FOUND');
    const missing = await assertErrorResponse(await fetch(`${base}/orders/ord_nope`, { headers: admin }), 404, 'NOT_FOUND');
    const unopened = await assertErrorResponse(await fetch(`${base}/orders/ord_nope`), 404, 'NOT_FOUND');
    assert.equal(unopened.message, missing.message, 'a missing token reads exactly like a missing order');
    const unauthorized = await fetch(`${base}/admin/orders`);
    assert.equal(unauthorized.headers.get('www-authenticate'), 'Bearer');
    await assertErrorResponse(unauthorized, 401, 'UNAUTHORIZED');
    await assertErrorResponse(await fetch(`${base}/orders/%E0%A4%A`, { headers: admin }), 400, 'INVALID_URL');
  });

  it('echoes a sane X-Request-Id, generates one otherwise, and puts it in every error body', async () => {
    const mine = await post('/orders', JSON.stringify(VALID), { 'x-request-id': 'client-42.a:b_c' });
    assert.equal(mine.status, 202);
    assert.equal(mine.headers.get('x-request-id'), 'client-42.a:b_c');
    const refused = await assertErrorResponse(await post('/orders', '{', { 'x-request-id': 'client-43' }), 400, 'INVALID_JSON');
    assert.equal(refused.requestId, 'client-43');
    for (const insane of ['has space', 'x'.repeat(129), 'semi;colon', '']) {
      const answer = await assertErrorResponse(await post('/orders', '{}', { 'x-request-id': insane }), 400, 'VALIDATION_FAILED');
      assert.match(answer.requestId, UUID, `generated instead of ${JSON.stringify(insane)}`);
    }
    const [a, b] = await Promise.all([fetch(`${base}/health`), fetch(`${base}/health`)]);
    assert.match(a.headers.get('x-request-id') ?? '', UUID);
    assert.notEqual(a.headers.get('x-request-id'), b.headers.get('x-request-id'));
    assert.equal(await assertErrorResponse(await fetch(`${base}/nope`, { headers: { 'x-request-id': 'r-404' } }), 404, 'NOT_FOUND').then((body) => body.requestId), 'r-404');
  });

  it('documents one ErrorResponse schema, used by every error response, each route listing its codes', async () => {
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { description?: string; responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }> }>>;
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[]; items?: { $ref?: string } }>; required?: string[] }> };
    };
    const schema = document.components.schemas['ErrorResponse'];
    assert.ok(schema, 'ErrorResponse schema');
    assert.deepEqual(Object.keys(schema.properties).sort(), ['code', 'fields', 'message', 'requestId', 'statusCode']);
    assert.deepEqual(schema.required?.sort(), ['code', 'message', 'requestId', 'statusCode']);
    assert.equal(schema.properties['fields']?.items?.$ref, '#/components/schemas/FieldError');
    assert.deepEqual(Object.keys(document.components.schemas['FieldError']?.properties ?? {}).sort(), ['message', 'path']);
    const codes = schema.properties['code']?.enum ?? [];
    assert.ok(codes.length >= 14, codes.join(', '));
    let errorResponses = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(operation.responses).filter((status) => Number(status) >= 400);
        assert.ok(statuses.includes('500'), `${where} documents INTERNAL_ERROR`);
        for (const status of statuses) {
          errorResponses += 1;
          const response = operation.responses[status];
          assert.equal(response?.content?.['application/json']?.schema.$ref, '#/components/schemas/ErrorResponse', `${where} ${status}`);
          for (const code of codes.filter((candidate) => response?.description.includes(`\`${candidate}\`:`))) {
            assert.ok(operation.description?.includes(`\`${code}\` (${status})`), `${where} lists ${code} in its description`);
          }
        }
      }
    }
    assert.ok(errorResponses > 30, `${errorResponses} error responses documented`);
  });
});
