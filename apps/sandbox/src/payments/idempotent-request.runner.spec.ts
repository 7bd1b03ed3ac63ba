import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResponseDelayer } from '../common/response-delayer.service';
import { SANDBOX_ERROR_CODES, SANDBOX_ERROR_TYPES, SandboxError } from '../common/sandbox.error';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentRequestRunner } from './idempotent-request.runner';

describe('IdempotentRequestRunner', () => {
  const setup = (): { runner: IdempotentRequestRunner } => ({
    runner: new IdempotentRequestRunner(new IdempotencyStore(), new ResponseDelayer()),
  });
  const request = { key: 'k', endpoint: 'POST /v1/charges', params: { a: 1, b: [1, { c: 2, d: 3 }] } };

  it('executes once and replays for the same params in any key order', async () => {
    const { runner } = setup();
    let calls = 0;
    const execute = (): { response: { status: number; body: unknown } } => ({ response: { status: 200, body: { n: ++calls } } });
    const first = await runner.run(request, execute);
    const second = await runner.run({ ...request, params: { b: [1, { d: 3, c: 2 }], a: 1 } }, execute);
    assert.equal(calls, 1);
    assert.deepEqual(first, { response: { status: 200, body: { n: 1 } }, replayed: false });
    assert.deepEqual(second, { response: { status: 200, body: { n: 1 } }, replayed: true });
  });

  it('answers 409 idempotency_error to a request with the key arriving while the first still executes', async () => {
    const { runner } = setup();
    let inner: Promise<unknown> | undefined;
    const outer = await runner.run(request, () => {
      inner = runner.run(request, () => assert.fail('must not execute twice'));
      return { response: { status: 200, body: 'first' } };
    });
    assert.deepEqual(outer, { response: { status: 200, body: 'first' }, replayed: false });
    await assert.rejects(inner ?? Promise.resolve(), (error: unknown) => {
      assert.ok(error instanceof SandboxError);
      assert.deepEqual([error.status, error.type, error.code], [409, 'idempotency_error', 'idempotency_key_in_use']);
      return true;
    });
  });

  it('saves a 4xx SandboxError as the answer but releases the key on a 5xx or an unexpected error', async () => {
    const { runner } = setup();
    const declined = new SandboxError('declined', { status: 402, type: SANDBOX_ERROR_TYPES.card, code: SANDBOX_ERROR_CODES.cardDeclined });
    const first = await runner.run(request, () => { throw declined; });
    assert.deepEqual(first.response, { status: 402, body: declined.toBody() });
    assert.equal((await runner.run(request, () => assert.fail('replayed'))).replayed, true);

    const unavailable = new SandboxError('later', { status: 503, type: SANDBOX_ERROR_TYPES.api, code: SANDBOX_ERROR_CODES.serviceUnavailable });
    const other = { ...request, key: 'k2' };
    await assert.rejects(runner.run(other, () => { throw unavailable; }), unavailable);
    await assert.rejects(runner.run(other, () => { throw new TypeError('bug'); }), TypeError);
    const ok = await runner.run(other, () => ({ response: { status: 200, body: 'ok' } }));
    assert.deepEqual(ok, { response: { status: 200, body: 'ok' }, replayed: false });
  });

  it('saves the answer before holding it back for delayMs', async () => {
    const { runner } = setup();
    const pending = runner.run(request, () => ({ response: { status: 200, body: 'slow' }, delayMs: 200 }));
    const started = Date.now();
    const replay = await runner.run(request, () => assert.fail('replayed'));
    assert.ok(Date.now() - started < 100);
    assert.deepEqual(replay, { response: { status: 200, body: 'slow' }, replayed: true });
    assert.deepEqual(await pending, { response: { status: 200, body: 'slow' }, replayed: false });
    assert.ok(Date.now() - started >= 150);
  });
});
