/**
 * Observe, end to end on real processes: one order followed across the API and every worker by
 * its id in the logs (JSON lines with orderId, step, sagaVersion, jobId, attempt, and traceId)
 * and in the traces (one trace, spans from every process, with MongoDB, Redis and HTTP spans, sent
 * over OTLP/HTTP to a collector this test plays); every process serves /metrics and its probes;
 * and no secret (admin token, the order's access token, the card token, the provider's API key)
 * appears in any log line, even at LOG_LEVEL=debug.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { freePort, waitFor } from '@app/testing';
import { ADMIN_TOKEN, System } from '../support/system';

interface Span {
  readonly service: string;
  readonly traceId: string;
  readonly name: string;
  readonly attributes: Record<string, unknown>;
}

/** A stand-in OpenTelemetry collector: keeps every span posted to /v1/traces (OTLP/HTTP JSON). */
function startCollector(port: number, spans: Span[]): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      let payload: ReturnType<typeof JSON.parse>;
      try {
        payload = JSON.parse(body.toString() || '{}');
      } catch {
        // Not OTLP/JSON (a process's last flush as it exits can arrive otherwise encoded): not what this test reads.
        payload = {};
      }
      for (const resourceSpans of payload.resourceSpans ?? []) {
        const service = (resourceSpans.resource?.attributes ?? []).find((attribute: { key: string }) => attribute.key === 'service.name')?.value?.stringValue ?? '';
        for (const scope of resourceSpans.scopeSpans ?? [])
          for (const span of scope.spans ?? [])
            spans.push({ service, traceId: span.traceId, name: span.name, attributes: Object.fromEntries((span.attributes ?? []).map((attribute: { key: string; value: Record<string, unknown> }) => [attribute.key, Object.values(attribute.value)[0]])) });
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((ready) => server.listen(port, '127.0.0.1', () => ready(server)));
}

describe('observe: one order in logs, traces and metrics, across every process', () => {
  const spans: Span[] = [];
  const logs = new Map<string, string>();
  let collector: Server;
  let system: System;

  before(async () => {
    const port = await freePort();
    collector = await startCollector(port, spans);
    system = await System.start({ label: 'observe', workers: { inventory: 1, payment: 1, notification: 1 }, env: { LOG_LEVEL: 'debug', OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` }, startTimeoutMs: 120_000 });
    // Everything each product process writes from now on (its own buffer keeps only the tail).
    for (const process of system.processes.filter((candidate) => candidate.name !== 'sandbox')) {
      logs.set(process.name, '');
      const keep = (chunk: Buffer): void => void logs.set(process.name, (logs.get(process.name) ?? '') + chunk.toString());
      process.child.stdout?.on('data', keep);
      process.child.stderr?.on('data', keep);
    }
    await system.setStock('OBS-1', 10, 700);
  });

  after(async () => {
    await system.stop();
    await new Promise((done) => collector.close(done));
  });

  it('follows an order by its id through the logs and one trace, and keeps secrets out of the logs', { timeout: 120_000 }, async () => {
    const placed = await fetch(`${system.apiUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-observe-1' },
      body: JSON.stringify({ customerId: 'c-observe', email: 'observe@example.com', items: [{ sku: 'OBS-1', quantity: 2 }], payment: { token: 'tok_visa' } }),
    });
    assert.equal(placed.status, 202);
    const { orderId, accessToken } = (await placed.json()) as { orderId: string; accessToken: string };
    await waitFor(async () => {
      const response = await fetch(`${system.apiUrl}/orders/${orderId}`, { headers: { authorization: `Bearer ${accessToken}` } });
      return ((await response.json()) as { status: string }).status === 'COMPLETED' ? true : undefined;
    }, 60_000, 'the order to complete');
    assert.equal((await system.adminFetch(`/admin/orders/${orderId}`)).status, 200);

    // Logs: JSON lines; a step's lines carry the job's fields and the trace id; the API's the request id.
    const lines = (name: string): Record<string, unknown>[] =>
      (logs.get(name) ?? '').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const [worker, step] of [['inventory-worker', 'RESERVE_STOCK'], ['payment-worker', 'AUTHORIZE_PAYMENT'], ['notification-worker', 'SEND_CONFIRMATION']] as const) {
      // A step's last line may reach this process's pipe after the order is seen COMPLETED.
      const line = await waitFor(() => Promise.resolve(lines(worker).find((entry) => entry['orderId'] === orderId && entry['step'] === step)), 10_000, `${worker} to log ${step} of the order`);
      assert.equal(typeof line['sagaVersion'], 'number');
      assert.equal(line['jobId'], `${orderId}.v${String(line['sagaVersion'])}`);
      assert.equal(line['attempt'], 1);
      assert.match(String(line['traceId']), /^[0-9a-f]{32}$/);
    }
    assert.ok(lines('order-api').some((entry) => entry['requestId'] === 'req-observe-1'), "the API's lines carry X-Request-Id");

    // Traces: the order is one trace, with spans from every process and from MongoDB, Redis and HTTP.
    const traceId = await waitFor(() => Promise.resolve(spans.find((span) => span.attributes['saga.order_id'] === orderId && span.service === 'notification-worker')?.traceId), 30_000, 'the spans of the last step');
    await waitFor(() => Promise.resolve(spans.some((span) => span.traceId === traceId && span.service === 'order-api') ? true : undefined), 15_000, "the API's spans");
    const trace = spans.filter((span) => span.traceId === traceId);
    assert.deepEqual([...new Set(trace.map((span) => span.service))].sort(), ['inventory-worker', 'notification-worker', 'order-api', 'payment-worker']);
    const stepsInTrace = new Set(trace.map((span) => span.attributes['saga.step']).filter(Boolean));
    for (const step of ['RESERVE_STOCK', 'AUTHORIZE_PAYMENT', 'COMMIT_STOCK', 'CAPTURE_PAYMENT', 'SEND_CONFIRMATION']) assert.ok(stepsInTrace.has(step), `${step} in the trace`);
    assert.ok(trace.some((span) => span.attributes['db.system'] === 'mongodb' || span.attributes['db.system.name'] === 'mongodb'), 'MongoDB spans');
    assert.ok(trace.some((span) => span.attributes['db.system'] === 'redis' || span.attributes['db.system.name'] === 'redis'), 'Redis spans');
    assert.ok(trace.some((span) => span.name.startsWith('POST')), 'HTTP spans');

    // No secret in any line of any product process.
    for (const [name, text] of logs) {
      for (const secret of [ADMIN_TOKEN, accessToken, 'tok_visa', 'sk_test_sandbox']) assert.equal(text.includes(secret), false, `${name} logged a secret`);
    }
  });

  it('serves /metrics and the probes in every process', { timeout: 60_000 }, async () => {
    const api = await fetch(`${system.apiUrl}/metrics`);
    assert.equal(api.status, 200);
    const apiText = await api.text();
    assert.match(apiText, /saga_orders_placed_total\{app="order-api"\} [1-9]/);
    assert.match(apiText, /saga_queue_jobs\{[^}]*queue="inventory"/);
    assert.equal((await fetch(`${system.apiUrl}/health/live`)).status, 200);
    assert.equal((await fetch(`${system.apiUrl}/health/ready`)).status, 200);
    for (const worker of ['inventory-worker', 'payment-worker', 'notification-worker']) {
      const process = system.processes.find((candidate) => candidate.name === worker);
      const url = /metrics on (http:\/\/[^/]+)\/metrics/.exec(process?.output() ?? '')?.[1];
      assert.ok(url, `${worker} printed its metrics address`);
      const text = await (await fetch(`${url}/metrics`)).text();
      assert.match(text, new RegExp(`saga_step_duration_seconds_count\\{[^}]*outcome="succeeded"[^}]*app="${worker}"|saga_step_duration_seconds_count\\{[^}]*app="${worker}"[^}]*outcome="succeeded"`), `${worker} counted its steps`);
      assert.equal((await fetch(`${url}/health/live`)).status, 200);
      const ready = await fetch(`${url}/health/ready`);
      assert.equal(ready.status, 200, await ready.clone().text());
      assert.equal(((await ready.json()) as { details: { queues: { status: string } } }).details.queues.status, 'up');
    }
  });
});
