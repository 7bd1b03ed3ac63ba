/**
 * FormHttpClient against a real local HTTP server: form bodies out, JSON in, over kept-alive sockets, the
 * timeout that destroys the request, answers that are not JSON, and the one repeat after a
 * keep-alive socket the server had closed.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FormHttpClient } from './form-http.client';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

describe('FormHttpClient (real HTTP server)', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  let connections: Socket[];
  let client: FormHttpClient;

  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
    });
    server.on('connection', (socket: Socket) => connections.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    connections = [];
    client?.close();
    client = new FormHttpClient(baseUrl, { timeoutMs: 300, maxSockets: 4, headers: { authorization: 'Bearer k' } });
  });

  after(async () => {
    client.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  it('sends the form body with its length and the headers, and parses the answer whatever the status', async () => {
    handler = (req, body, res) =>
      json(res, 402, { method: req.method, url: req.url, body, type: req.headers['content-type'], length: req.headers['content-length'], auth: req.headers.authorization, key: req.headers['idempotency-key'] });
    const answer = await client.request({ method: 'POST', path: '/v1/payment_intents?x=1', form: { amount: '42', 'metadata[note]': 'é &=' }, headers: { 'idempotency-key': 'k1' } });
    const sent = 'amount=42&metadata%5Bnote%5D=%C3%A9+%26%3D';
    assert.equal(answer.status, 402);
    assert.deepEqual(answer.body, { method: 'POST', url: '/v1/payment_intents?x=1', body: sent, type: 'application/x-www-form-urlencoded', length: String(sent.length), auth: 'Bearer k', key: 'k1' });
  });

  it('keeps its socket alive: calls one after the other share one connection', async () => {
    handler = (_req, _body, res) => json(res, 200, { ok: true });
    for (let i = 0; i < 5; i += 1) assert.equal((await client.request({ method: 'GET', path: '/' })).status, 200);
    assert.equal(connections.length, 1);
  });

  it('rejects with a timeout and destroys the request when the whole answer takes longer than timeoutMs', async () => {
    let closed = false;
    handler = (req, _body, res) => {
      req.socket.once('close', () => (closed = true));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    };
    const started = Date.now();
    await assert.rejects(client.request({ method: 'POST', path: '/slow', form: {}, repeatable: true }), /timeout/);
    assert.ok(Date.now() - started >= 290, 'not before the timeout');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(closed, 'the connection was dropped, so the late answer is never read');
  });

  it('rejects an answer that is empty or not JSON', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    };
    await assert.rejects(client.request({ method: 'GET', path: '/' }), /answered 502 with a body that is not JSON/);
    handler = (_req, _body, res) => res.writeHead(200).end();
    await assert.rejects(client.request({ method: 'GET', path: '/' }), /answered 200 with a body that is not JSON/);
  });

  it('rejects when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const nowhere = new FormHttpClient(url, { timeoutMs: 1_000, maxSockets: 1 });
    await assert.rejects(nowhere.request({ method: 'GET', path: '/' }), /ECONNREFUSED/);
    nowhere.close();
  });

  it('sends a repeatable request once more on a fresh socket when the kept-alive one was closed by the server, and only then', async () => {
    let calls = 0;
    handler = (req, _body, res) => {
      calls += 1;
      // the second request on the first connection finds it closed, as after a server's idle timeout
      if (calls === 2) req.socket.destroy();
      else json(res, 200, { call: calls });
    };
    assert.deepEqual((await client.request({ method: 'GET', path: '/' })).body, { call: 1 });
    assert.deepEqual((await client.request({ method: 'POST', path: '/', form: {}, repeatable: true })).body, { call: 3 });
    assert.equal(connections.length, 2);
    calls = 1;
    await assert.rejects(client.request({ method: 'POST', path: '/', form: {} }), /ECONNRESET|socket hang up/);
  });
});
