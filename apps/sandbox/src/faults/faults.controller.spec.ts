import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createTransport, type Transporter } from 'nodemailer';
import type { SandboxErrorBody } from '../common/sandbox.error';
import { paymentIntentForm, startTestSandbox, unique, type TestSandbox } from '../testing/test-sandbox';
import type { FaultModesView } from './fault-modes.service';

describe('fault controls /sandbox/faults (integration, real HTTP and SMTP)', () => {
  let sandbox: TestSandbox;
  let transport: Transporter;
  before(async () => {
    sandbox = await startTestSandbox();
    transport = createTransport({ host: '127.0.0.1', port: sandbox.smtpPort, secure: false, ignoreTLS: true });
  });
  afterEach(async () => {
    await sandbox.postJson('/sandbox/faults', { payments: 'ok', mail: 'ok' });
  });
  after(async () => {
    transport.close();
    await sandbox.close();
  });

  const mails = async (orderId: string): Promise<unknown[]> =>
    (await sandbox.request<{ data: unknown[] }>('GET', `/mail/messages?orderId=${orderId}`, { apiKey: null })).body.data;
  const send = (orderId: string): Promise<unknown> =>
    transport.sendMail({ from: 'shop@shop.test', to: 'a@example.test', subject: 's', text: 't', headers: { 'X-Order-Id': orderId } });

  it('reads and sets the modes over HTTP without an API key; refuses unknown modes and keys', async () => {
    assert.deepEqual((await sandbox.request<FaultModesView>('GET', '/sandbox/faults', { apiKey: null })).body, { payments: 'ok', mail: 'ok' });
    const set = await sandbox.postJson<FaultModesView>('/sandbox/faults', { mail: 'unavailable' });
    assert.deepEqual([set.status, set.body], [200, { payments: 'ok', mail: 'unavailable' }]);
    for (const body of [{ payments: 'down' }, { mail: 'hang' }, { disk: 'full' }]) {
      assert.equal((await sandbox.postJson('/sandbox/faults', body)).status, 400, JSON.stringify(body));
    }
    assert.deepEqual((await sandbox.request('GET', '/sandbox/faults', { apiKey: null })).body, { payments: 'ok', mail: 'unavailable' });
  });

  it('payments unavailable: every Stripe request is 503 api_error, nothing executes or is saved; the observer and /health still answer', async () => {
    const orderId = unique('order');
    const key = unique('key');
    await sandbox.postJson('/sandbox/faults', { payments: 'unavailable' });
    const res = await sandbox.postForm<SandboxErrorBody>('/v1/payment_intents', paymentIntentForm(orderId), key);
    assert.deepEqual([res.status, res.body.error.type], [503, 'api_error']);
    for (const [method, path] of [['GET', '/v1/payment_intents/pi_x'], ['GET', '/v1/payment_intents/search?query=x'], ['POST', '/v1/payment_intents/pi_x/capture'], ['POST', '/v1/payment_intents/pi_x/cancel'], ['POST', '/v1/refunds']] as const) {
      assert.equal((await sandbox.request(method, path)).status, 503, path);
    }
    assert.equal((await sandbox.ledger(orderId)).length, 0);
    assert.equal((await sandbox.request('GET', '/health', { apiKey: null })).status, 200);

    await sandbox.postJson('/sandbox/faults', { payments: 'ok' });
    const retried = await sandbox.postForm('/v1/payment_intents', paymentIntentForm(orderId), key);
    assert.deepEqual([retried.status, retried.headers.get('idempotent-replayed')], [200, null], 'the key was not used');
    assert.equal((await sandbox.ledger(orderId)).length, 1);
  });

  it('payments hang: no answer until the mode leaves hang, then 503 without having executed', async () => {
    const orderId = unique('order');
    await sandbox.postJson('/sandbox/faults', { payments: 'hang' });
    let answered = false;
    const held = sandbox.postForm<SandboxErrorBody>('/v1/payment_intents', paymentIntentForm(orderId), unique('key')).finally(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(answered, false);
    assert.equal((await sandbox.ledger(orderId)).length, 0);
    assert.deepEqual((await sandbox.postJson('/sandbox/faults', { payments: 'ok' })).body, { payments: 'ok', mail: 'ok' });
    const res = await held;
    assert.deepEqual([res.status, res.body.error.type], [503, 'api_error']);
    assert.equal((await sandbox.ledger(orderId)).length, 0);
    assert.equal((await sandbox.postForm('/v1/payment_intents', paymentIntentForm(orderId))).status, 200);
  });

  it('mail unavailable: nodemailer gets a transient 4xx and nothing is stored; ok accepts again', async () => {
    const orderId = unique('order');
    await sandbox.postJson('/sandbox/faults', { mail: 'unavailable' });
    await assert.rejects(send(orderId), (error: unknown) => {
      const responseCode = (error as { responseCode?: number }).responseCode ?? 0;
      assert.ok(responseCode >= 400 && responseCode < 500, `responseCode ${responseCode}`);
      return true;
    });
    assert.deepEqual(await mails(orderId), []);
    await sandbox.postJson('/sandbox/faults', { mail: 'ok' });
    await send(orderId);
    assert.equal((await mails(orderId)).length, 1);
  });
});
