import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import type { SandboxErrorBody } from './common/sandbox.error';
import { paymentIntentForm, startTestSandbox, unique } from './testing/test-sandbox';

function smtpBanner(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('data', (data) => {
      socket.end('QUIT\r\n');
      resolve(data.toString('utf8'));
    });
    socket.once('error', reject);
  });
}

describe('startSandbox', () => {
  it('binds free ports when asked for 0, serves /health and SMTP, and closes both', async () => {
    const sandbox = await startTestSandbox();
    const httpPort = Number(new URL(sandbox.httpUrl).port);
    assert.ok(httpPort > 0);
    assert.ok(sandbox.smtpPort > 0);
    assert.match(sandbox.running.smtpUrl, /^smtp:\/\/127\.0\.0\.1:\d+$/);
    const health = await sandbox.request('GET', '/health', { apiKey: null });
    assert.deepEqual([health.status, health.body], [200, { status: 'ok' }]);
    assert.match(await smtpBanner(sandbox.smtpPort), /^220 /);

    await sandbox.close();
    await assert.rejects(fetch(`${sandbox.httpUrl}/health`));
    await assert.rejects(smtpBanner(sandbox.smtpPort));
  });

  it('answers body and routing errors as Stripe-like JSON, never 500', async () => {
    const sandbox = await startTestSandbox();
    try {
      const tooLarge = await sandbox.request<SandboxErrorBody>('POST', '/v1/payment_intents', {
        rawBody: `description=${'x'.repeat(200 * 1024)}`,
        idempotencyKey: unique('key'),
      });
      assert.equal(tooLarge.status, 413);
      assert.equal(tooLarge.body.error.type, 'invalid_request_error');
      const unknownRoute = await sandbox.request<SandboxErrorBody>('GET', '/v2/nothing');
      assert.equal(unknownRoute.status, 404);
      assert.equal(unknownRoute.body.error.type, 'invalid_request_error');
    } finally {
      await sandbox.close();
    }
  });

  it('closes promptly while a slow tok_timeout answer is pending', async () => {
    const sandbox = await startTestSandbox({ slowResponseMs: 60_000 });
    const pending = sandbox
      .postForm('/v1/payment_intents', paymentIntentForm(unique('order'), 'tok_timeout'), unique('key'))
      .then((res) => res.status, () => 'aborted');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await sandbox.close();
    assert.ok(Date.now() - started < 5_000, `close took ${Date.now() - started} ms`);
    assert.ok([200, 'aborted'].includes(await pending));
  });

  it('fails to start, and leaves nothing listening, when the SMTP port is taken', async () => {
    const first = await startTestSandbox();
    try {
      await assert.rejects(startTestSandbox({ smtpPort: first.smtpPort }), /EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
