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
  const request = { key: 'k' as string | undefined, endpoint: 'POST /v1/payment_intents', params: { a: 1, b: [1, { c: 2, d: 3 }] } };

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
  it('runs every time without a key', async () => {
    const { runner } = setup();
    let calls = 0;
    const execute = (): { response: { status: number; body: unknown } } => ({ response: { status: 200, body: ++calls } });
    await runner.run({ ...request, key: undefined }, execute);
    const second = await runner.run({ ...request, key: undefined }, execute);
    assert.deepEqual(second, { response: { status: 200, body: 2 }, replayed: false });
  });

  it('keeps the key claimed (409) during a deferred execution, then saves what commit answers', async () => {
    const { runner } = setup();
    let committed = 0;
    const pending = runner.run(request, () => ({ deferMs: 150, commit: () => ({ response: { status: 200, body: ++committed } }), abandon: () => assert.fail('abandoned') }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(committed, 0);
    await assert.rejects(runner.run(request, () => assert.fail('executed twice')), (error: unknown) => error instanceof SandboxError && error.status === 409);
    assert.deepEqual(await pending, { response: { status: 200, body: 1 }, replayed: false });
    assert.deepEqual(await runner.run(request, () => assert.fail('replayed')), { response: { status: 200, body: 1 }, replayed: true });
  });

  it('abandons a deferred execution on shutdown: nothing committed, the key released', async () => {
    const delayer = new ResponseDelayer();
    const store = new IdempotencyStore();
    const runner = new IdempotentRequestRunner(store, delayer);
    let abandoned = false;
    const pending = runner.run(request, () => ({ deferMs: 60_000, commit: () => assert.fail('committed after close'), abandon: () => (abandoned = true) }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    delayer.onModuleDestroy();
    await assert.rejects(pending, (error: unknown) => error instanceof SandboxError && error.status === 503);
    assert.equal(abandoned, true);
    assert.deepEqual(store.claim('k', request.endpoint, 'x'), { kind: 'claimed' });
  });
});
