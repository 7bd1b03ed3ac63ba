import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { ChargeList } from './charge.model';

describe('payment provider auth and validation (integration, real HTTP)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(async () => {
    await sandbox.close();
  });

  const valid = (orderId: string): Record<string, unknown> => ({ amount: 1000, currency: 'usd', source: 'tok_visa', orderId });
  const chargesFor = async (orderId: string): Promise<number> =>
    (await sandbox.get<ChargeList>(`/v1/charges?orderId=${orderId}`)).body.data.length;

  it('answers 401 without a bearer key or with a wrong one', async () => {
    const orderId = unique('order');
    for (const apiKey of [null, 'sk_test_wrong', '']) {
      const res = await sandbox.request<SandboxErrorBody>('POST', '/v1/charges', { body: valid(orderId), idempotencyKey: unique('key'), apiKey });
      assert.equal(res.status, 401, `apiKey=${String(apiKey)}`);
      assert.equal(res.body.error.type, 'invalid_request_error');
      assert.ok(!JSON.stringify(res.body).includes(sandbox.config.apiKey));
    }
    for (const path of ['/v1/charges', '/v1/charges/ch_x']) {
      const res = await sandbox.request('GET', path, { apiKey: null });
      assert.equal(res.status, 401, path);
    }
    const refund = await sandbox.request('POST', '/v1/refunds', { body: { charge: 'ch_x' }, idempotencyKey: unique('key'), apiKey: 'nope' });
    assert.equal(refund.status, 401);
    assert.equal(await chargesFor(orderId), 0);
  });

  it('requires an Idempotency-Key of 1 to 255 characters', async () => {
    const orderId = unique('order');
    for (const key of [undefined, 'k'.repeat(256)]) {
      const res = await sandbox.request<SandboxErrorBody>('POST', '/v1/charges', { body: valid(orderId), ...(key === undefined ? {} : { idempotencyKey: key }) });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.param, 'Idempotency-Key');
    }
    const refund = await sandbox.request('POST', '/v1/refunds', { body: { charge: 'ch_x' } });
    assert.equal(refund.status, 400);
    assert.equal((await sandbox.post('/v1/charges', valid(orderId), 'k'.repeat(255))).status, 200);
  });

  const invalidBodies: ReadonlyArray<readonly [string, (orderId: string) => unknown, string | undefined]> = [
    ['amount missing', (o) => ({ currency: 'usd', source: 'tok_visa', orderId: o }), 'amount'],
    ['amount zero', (o) => ({ ...valid(o), amount: 0 }), 'amount'],
    ['amount negative', (o) => ({ ...valid(o), amount: -5 }), 'amount'],
    ['amount fractional', (o) => ({ ...valid(o), amount: 10.5 }), 'amount'],
    ['amount as string', (o) => ({ ...valid(o), amount: '1000' }), 'amount'],
    ['currency upper case', (o) => ({ ...valid(o), currency: 'USD' }), 'currency'],
    ['currency too short', (o) => ({ ...valid(o), currency: 'us' }), 'currency'],
    ['source missing', (o) => ({ amount: 1000, currency: 'usd', orderId: o }), 'source'],
    ['source not a string', (o) => ({ ...valid(o), source: 42 }), 'source'],
    ['unknown token', (o) => ({ ...valid(o), source: 'tok_mastercard' }), 'source'],
    ['orderId empty', (o) => ({ ...valid(o), orderId: '' }), 'orderId'],
    ['description not a string', (o) => ({ ...valid(o), description: 7 }), 'description'],
    ['unknown parameter', (o) => ({ ...valid(o), metadata: { a: 1 } }), 'metadata'],
    ['array body', () => [1, 2], undefined],
  ];

  for (const [name, build, param] of invalidBodies) {
    it(`answers 400 invalid_request_error for ${name}`, async () => {
      const orderId = unique('order');
      const res = await sandbox.post<SandboxErrorBody>('/v1/charges', build(orderId), unique('key'));
      assert.equal(res.status, 400);
      assert.equal(res.body.error.type, 'invalid_request_error');
      assert.equal(typeof res.body.error.message, 'string');
      assert.equal(res.body.error.param, param);
      assert.equal(await chargesFor(orderId), 0);
    });
  }

  it('rejects __proto__ and constructor as unknown parameters', async () => {
    for (const name of ['__proto__', 'constructor']) {
      const orderId = unique('order');
      const rawBody = `{"amount":1000,"currency":"usd","source":"tok_visa","orderId":"${orderId}","${name}":{"amount":1}}`;
      const res = await sandbox.request<SandboxErrorBody>('POST', '/v1/charges', { rawBody, idempotencyKey: unique('key') });
      assert.equal(res.status, 400, name);
      assert.equal(res.body.error.param, name);
      assert.equal(await chargesFor(orderId), 0);
    }
  });

  it('answers 400 (JSON, not 500) for malformed JSON and for a missing body', async () => {
    const malformed = await sandbox.request<SandboxErrorBody>('POST', '/v1/charges', { rawBody: '{"amount": 10,', idempotencyKey: unique('key') });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.type, 'invalid_request_error');
    const empty = await sandbox.request<SandboxErrorBody>('POST', '/v1/charges', { idempotencyKey: unique('key') });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.type, 'invalid_request_error');
  });

  it('does not save a validation failure against the key', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const invalid = await sandbox.post('/v1/charges', { ...valid(orderId), amount: -1 }, key);
    assert.equal(invalid.status, 400);
    const fixed = await sandbox.post('/v1/charges', valid(orderId), key);
    assert.equal(fixed.status, 200);
    assert.equal(await chargesFor(orderId), 1);
  });

  it('rejects a repeated orderId filter', async () => {
    const res = await sandbox.get<SandboxErrorBody>('/v1/charges?orderId=a&orderId=b');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.param, 'orderId');
  });
});
