import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { Charge, ChargeList } from './charge.model';

const SLOW_MS = 600;

describe('POST /v1/charges (integration, real HTTP)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox({ slowResponseMs: SLOW_MS });
  });
  after(async () => {
    await sandbox.close();
  });

  const chargeBody = (orderId: string, source = 'tok_visa', amount = 2500): Record<string, unknown> => ({
    amount,
    currency: 'eur',
    source,
    orderId,
    description: `order ${orderId}`,
  });
  const ledger = async (orderId: string): Promise<Charge[]> => {
    const list = await sandbox.get<ChargeList>(`/v1/charges?orderId=${encodeURIComponent(orderId)}`);
    assert.equal(list.status, 200);
    assert.equal(list.body.object, 'list');
    return [...list.body.data];
  };

  it('charges tok_visa and lists the charge by orderId', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const res = await sandbox.post<Charge>('/v1/charges', chargeBody(orderId), key);
    assert.equal(res.status, 200);
    assert.match(res.body.id, /^ch_/);
    assert.equal(res.body.status, 'succeeded');
    assert.equal(res.headers.get('idempotent-replayed'), null);
    const charges = await ledger(orderId);
    assert.deepEqual(charges, [res.body]);
    assert.deepEqual(
      { amount: charges[0]?.amount, currency: charges[0]?.currency, source: charges[0]?.source, idempotencyKey: charges[0]?.idempotencyKey, amountRefunded: charges[0]?.amountRefunded, refunded: charges[0]?.refunded, refunds: charges[0]?.refunds },
      { amount: 2500, currency: 'eur', source: 'tok_visa', idempotencyKey: key, amountRefunded: 0, refunded: false, refunds: [] },
    );
    assert.ok(!Number.isNaN(Date.parse(res.body.created)));
    const one = await sandbox.get<Charge>(`/v1/charges/${res.body.id}`);
    assert.deepEqual([one.status, one.body], [200, res.body]);
  });

  it('replays the saved answer for the same key and parameters, without a second charge', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const first = await sandbox.post<Charge>('/v1/charges', chargeBody(orderId), key);
    const reordered = { orderId, description: `order ${orderId}`, source: 'tok_visa', currency: 'eur', amount: 2500 };
    const second = await sandbox.post<Charge>('/v1/charges', reordered, key);
    assert.equal(second.status, 200);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(second.body, first.body);
    assert.equal((await ledger(orderId)).length, 1);
  });

  it('rejects the same key with other parameters or on another endpoint (400 idempotency_error)', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const first = await sandbox.post<Charge>('/v1/charges', chargeBody(orderId), key);
    assert.equal(first.status, 200);
    const otherAmount = await sandbox.post<SandboxErrorBody>('/v1/charges', chargeBody(orderId, 'tok_visa', 9999), key);
    assert.equal(otherAmount.status, 400);
    assert.equal(otherAmount.body.error.type, 'idempotency_error');
    const otherEndpoint = await sandbox.post<SandboxErrorBody>('/v1/refunds', { charge: first.body.id }, key);
    assert.equal(otherEndpoint.status, 400);
    assert.equal(otherEndpoint.body.error.type, 'idempotency_error');
    const charges = await ledger(orderId);
    assert.equal(charges.length, 1);
    assert.equal(charges[0]?.amountRefunded, 0);
  });

  it('creates exactly one charge for 20 concurrent identical requests', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const answers = await Promise.all(Array.from({ length: 20 }, () => sandbox.post<Charge>('/v1/charges', chargeBody(orderId), key)));
    assert.deepEqual(new Set(answers.map((answer) => answer.status)), new Set([200]));
    assert.equal(new Set(answers.map((answer) => answer.body.id)).size, 1);
    assert.equal(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true').length, 19);
    assert.equal((await ledger(orderId)).length, 1);
  });

  it('declines tok_decline with 402, records a failed charge and replays the decline', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const res = await sandbox.post<SandboxErrorBody>('/v1/charges', chargeBody(orderId, 'tok_decline'), key);
    assert.equal(res.status, 402);
    assert.equal(res.body.error.type, 'card_error');
    assert.equal(res.body.error.code, 'card_declined');
    assert.equal(res.body.error['decline_code'], 'generic_decline');
    const chargeId = res.body.error['charge'];
    assert.match(chargeId ?? '', /^ch_/);
    const charges = await ledger(orderId);
    assert.equal(charges.length, 1);
    assert.equal(charges[0]?.id, chargeId);
    assert.equal(charges[0]?.status, 'failed');

    const replay = await sandbox.post<SandboxErrorBody>('/v1/charges', chargeBody(orderId, 'tok_decline'), key);
    assert.equal(replay.status, 402);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(replay.body, res.body);
    assert.equal((await ledger(orderId)).length, 1);
  });

  it('answers tok_flaky with 503 twice for a key (not saved), then charges once on the third try', async () => {
    const orderId = unique('order');
    const key = unique('key');
    const statuses: number[] = [];
    let last: Charge | undefined;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const res = await sandbox.post<Charge & SandboxErrorBody>('/v1/charges', chargeBody(orderId, 'tok_flaky'), key);
      statuses.push(res.status);
      if (res.status === 503) {
        assert.equal(res.body.error.type, 'api_error');
        assert.equal(res.headers.get('idempotent-replayed'), null);
        assert.equal((await ledger(orderId)).length, 0);
      } else {
        last = res.body;
      }
    }
    assert.deepEqual(statuses, [503, 503, 200]);
    assert.equal(last?.status, 'succeeded');
    const replay = await sandbox.post<Charge>('/v1/charges', chargeBody(orderId, 'tok_flaky'), key);
    assert.equal(replay.status, 200);
    assert.equal(replay.body.id, last?.id);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    const charges = await ledger(orderId);
    assert.deepEqual(charges.map((charge) => charge.id), [last?.id]);
  });

  it('counts tok_flaky failures per idempotency key', async () => {
    const orderId = unique('order');
    const first = await sandbox.post('/v1/charges', chargeBody(orderId, 'tok_flaky'), unique('key'));
    const other = await sandbox.post('/v1/charges', chargeBody(orderId, 'tok_flaky'), unique('key'));
    assert.deepEqual([first.status, other.status], [503, 503]);
  });

  it('tok_timeout: the client times out, the retry with the same key gets the saved charge at once', async () => {
    const orderId = unique('order');
    const key = unique('key');
    await assert.rejects(
      sandbox.post('/v1/charges', chargeBody(orderId, 'tok_timeout'), key, { signal: AbortSignal.timeout(SLOW_MS / 4) }),
      (error: unknown) => error instanceof Error && error.name === 'TimeoutError',
    );
    const charges = await ledger(orderId);
    assert.equal(charges.length, 1, 'the charge is recorded although the answer was not delivered');
    const started = Date.now();
    const retry = await sandbox.post<Charge>('/v1/charges', chargeBody(orderId, 'tok_timeout'), key);
    assert.ok(Date.now() - started < SLOW_MS / 2, 'the retry is answered without the delay');
    assert.equal(retry.status, 200);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    assert.equal(retry.body.id, charges[0]?.id);
    assert.equal(retry.body.status, 'succeeded');
    assert.equal((await ledger(orderId)).length, 1);
  });

  it('tok_timeout: a patient client gets the answer after slowResponseMs', async () => {
    const orderId = unique('order');
    const started = Date.now();
    const res = await sandbox.post<Charge>('/v1/charges', chargeBody(orderId, 'tok_timeout'), unique('key'));
    assert.ok(Date.now() - started >= SLOW_MS - 20, `answered after ${Date.now() - started} ms`);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'succeeded');
  });

  it('GET /v1/charges/:id answers 404 for an unknown charge', async () => {
    const res = await sandbox.get<SandboxErrorBody>('/v1/charges/ch_doesnotexist');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'resource_missing');
  });
});
