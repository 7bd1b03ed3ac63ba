/**
 * What the Stripe adapter puts on the wire, checked against Stripe's own schema (the subset in
 * `@app/testing`, taken from Stripe's published OpenAPI document): a local HTTP server records
 * each request of an authorize, a capture and a void and answers as Stripe would; every form body
 * and query must use only Stripe's parameters, with Stripe's types, form-encoded.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadWorkerConfig } from '@app/config';
import { CircuitBreaker } from '@app/resilience';
import type { ProviderCircuits } from '@app/saga';
import { assertStripeParams } from '@app/testing';
import { StripePaymentProvider, orderSearchQuery } from './stripe-payment-provider.adapter';

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly body: string;
  readonly contentType: string | undefined;
  readonly idempotencyKey: string | undefined;
}

const intent = (id: string, status: string): Record<string, unknown> => ({ id, object: 'payment_intent', status, metadata: { order_id: 'ord_1' } });

describe('Stripe payment provider adapter (the requests it sends)', () => {
  let server: Server;
  let provider: StripePaymentProvider;
  const recorded: Recorded[] = [];

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        recorded.push({ method: req.method ?? '', path: url.pathname, query: url.search.slice(1), body: Buffer.concat(chunks).toString(), contentType: req.headers['content-type'], idempotencyKey: req.headers['idempotency-key'] as string | undefined });
        const answer =
          url.pathname === '/v1/payment_intents' ? intent('pi_1', 'requires_capture')
          : url.pathname === '/v1/payment_intents/search' ? { object: 'search_result', data: [intent('pi_1', 'requires_capture'), intent('pi_2', 'requires_capture')], has_more: false }
          : url.pathname.endsWith('/capture') ? intent('pi_1', 'succeeded')
          : intent(url.pathname.split('/')[3] ?? '', 'canceled');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const config = loadWorkerConfig({ PAYMENT_PROVIDER_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, PAYMENT_API_KEY: 'sk_test_x' });
    // A breaker of its own, nothing recorded (no database here).
    const circuits = { for: (name: string) => new CircuitBreaker(name, { failureThreshold: 5, openMs: 1_000 }) } as unknown as ProviderCircuits;
    provider = new StripePaymentProvider(config, circuits);
  });

  after(async () => {
    provider.onApplicationShutdown();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const authorization = { orderId: 'ord_1', amount: 4200, currency: 'usd', token: 'pm_card_visa', idempotencyKey: 'authorize-ord_1' };

  it('authorizes, captures and voids with Stripe parameters only, form-encoded, under their idempotency keys', async () => {
    assert.deepEqual(await provider.authorize(authorization), { kind: 'AUTHORIZED', paymentIntentId: 'pi_1' });
    assert.deepEqual(await provider.capture('pi_1', 'capture-ord_1'), { kind: 'CAPTURED' });
    assert.deepEqual(await provider.voidOrder(authorization), { voided: ['pi_1', 'pi_2'] });

    assert.deepEqual(
      recorded.map((request) => `${request.method} ${request.path} ${request.idempotencyKey ?? '-'}`),
      [
        'POST /v1/payment_intents authorize-ord_1',
        'POST /v1/payment_intents/pi_1/capture capture-ord_1',
        'POST /v1/payment_intents authorize-ord_1',
        'GET /v1/payment_intents/search -',
        'POST /v1/payment_intents/pi_1/cancel void-pi_1',
        'POST /v1/payment_intents/pi_2/cancel void-pi_2',
      ],
    );
    const [create, capture, replay, search, cancel] = recorded;
    for (const post of [create, capture, replay, cancel]) assert.equal(post?.contentType, 'application/x-www-form-urlencoded');
    assertStripeParams('POST /v1/payment_intents', create?.body ?? '');
    assert.equal(replay?.body, create?.body, 'the replay sends the very same parameters');
    assertStripeParams('POST /v1/payment_intents/{intent}/capture', capture?.body ?? '');
    assertStripeParams('GET /v1/payment_intents/search', search?.query ?? '');
    assertStripeParams('POST /v1/payment_intents/{intent}/cancel', cancel?.body ?? '');
    const sent = new URLSearchParams(create?.body);
    assert.deepEqual(
      { capture: sent.get('capture_method'), confirm: sent.get('confirm'), method: sent.get('payment_method'), order: sent.get('metadata[order_id]'), amount: sent.get('amount') },
      { capture: 'manual', confirm: 'true', method: 'pm_card_visa', order: 'ord_1', amount: '4200' },
    );
    assert.equal(new URLSearchParams(search?.query).get('query'), "metadata['order_id']:'ord_1'");
  });

  it("escapes quotes and backslashes in Stripe's search query language", () => {
    assert.equal(orderSearchQuery("o'1\\x"), "metadata['order_id']:'o\\'1\\\\x'");
  });
});
