import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { Charge, ChargeList, Refund } from './charge.model';

describe('POST /v1/refunds (integration, real HTTP)', () => {
  let sandbox: TestSandbox;
  before(async () => {
    sandbox = await startTestSandbox();
  });
  after(async () => {
    await sandbox.close();
  });

  const charge = async (source = 'tok_visa', amount = 1000): Promise<{ orderId: string; chargeId: string }> => {
    const orderId = unique('order');
    const res = await sandbox.post<Charge & SandboxErrorBody>('/v1/charges', { amount, currency: 'usd', source, orderId }, unique('key'));
    const chargeId = res.status === 200 ? res.body.id : res.body.error['charge'];
    assert.ok(chargeId !== undefined);
    return { orderId, chargeId };
  };
  const ledger = async (orderId: string): Promise<Charge[]> => [...(await sandbox.get<ChargeList>(`/v1/charges?orderId=${orderId}`)).body.data];

  it('refunds in full by default, replays the refund for its key and shows it in the ledger', async () => {
    const { orderId, chargeId } = await charge();
    const key = unique('refund');
    const refund = await sandbox.post<Refund>('/v1/refunds', { charge: chargeId }, key);
    assert.equal(refund.status, 200);
    assert.match(refund.body.id, /^re_/);
    assert.deepEqual([refund.body.amount, refund.body.charge, refund.body.status], [1000, chargeId, 'succeeded']);

    const replay = await sandbox.post<Refund>('/v1/refunds', { charge: chargeId }, key);
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(replay.body, refund.body);

    const [stored] = await ledger(orderId);
    assert.equal(stored?.amountRefunded, 1000);
    assert.equal(stored?.refunded, true);
    assert.deepEqual(stored?.refunds, [{ id: refund.body.id, amount: 1000, status: 'succeeded', created: refund.body.created }]);
  });

  it('refunds in parts and refuses more than what is left (400), then refuses a fully refunded charge', async () => {
    const { orderId, chargeId } = await charge();
    assert.equal((await sandbox.post('/v1/refunds', { charge: chargeId, amount: 300 }, unique('refund'))).status, 200);
    let [stored] = await ledger(orderId);
    assert.deepEqual([stored?.amountRefunded, stored?.refunded], [300, false]);

    const tooMuch = await sandbox.post<SandboxErrorBody>('/v1/refunds', { charge: chargeId, amount: 701 }, unique('refund'));
    assert.equal(tooMuch.status, 400);
    assert.equal(tooMuch.body.error.type, 'invalid_request_error');
    assert.equal(tooMuch.body.error.param, 'amount');

    const rest = await sandbox.post<Refund>('/v1/refunds', { charge: chargeId }, unique('refund'));
    assert.equal(rest.body.amount, 700);
    [stored] = await ledger(orderId);
    assert.deepEqual([stored?.amountRefunded, stored?.refunded, stored?.refunds.length], [1000, true, 2]);

    const again = await sandbox.post<SandboxErrorBody>('/v1/refunds', { charge: chargeId, amount: 1 }, unique('refund'));
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'charge_already_refunded');
    [stored] = await ledger(orderId);
    assert.equal(stored?.refunds.length, 2);
  });

  it('refuses to refund a failed charge and an unknown charge', async () => {
    const { orderId, chargeId } = await charge('tok_decline');
    const failed = await sandbox.post<SandboxErrorBody>('/v1/refunds', { charge: chargeId }, unique('refund'));
    assert.equal(failed.status, 400);
    assert.equal(failed.body.error.param, 'charge');
    assert.deepEqual((await ledger(orderId))[0]?.refunds, []);
    const missing = await sandbox.post<SandboxErrorBody>('/v1/refunds', { charge: 'ch_missing' }, unique('refund'));
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'resource_missing');
  });

  it('rejects the same refund key with another amount and invalid refund bodies', async () => {
    const { orderId, chargeId } = await charge();
    const key = unique('refund');
    assert.equal((await sandbox.post('/v1/refunds', { charge: chargeId, amount: 100 }, key)).status, 200);
    const mismatch = await sandbox.post<SandboxErrorBody>('/v1/refunds', { charge: chargeId, amount: 200 }, key);
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.error.type, 'idempotency_error');
    for (const [body, param] of [[{}, 'charge'], [{ charge: chargeId, amount: 0 }, 'amount'], [{ charge: chargeId, amount: 1.5 }, 'amount'], [{ charge: chargeId, reason: 'x' }, 'reason']] as const) {
      const res = await sandbox.post<SandboxErrorBody>('/v1/refunds', body, unique('refund'));
      assert.equal(res.status, 400);
      assert.equal(res.body.error.param, param);
    }
    assert.equal((await ledger(orderId))[0]?.amountRefunded, 100);
  });
});
