/**
 * A worker's small HTTP server on METRICS_PORT (plain `node:http`: a worker loads no web
 * framework, which would slow every start): `GET /metrics` (the registry's exposition text),
 * `GET /health/live` and `GET /health/ready` (terminus' results: 200 when up or degraded, 503
 * when a check is down). Anything else: 404.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { MetricsRegistry } from '@app/observability';
import type { ReadinessChecks } from './readiness-checks.service';

export class WorkerHttpServer {
  private readonly server: Server;

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly checks: ReadinessChecks,
  ) {
    this.server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (request.method !== 'GET') return void send(response, 405, 'text/plain', 'method not allowed\n');
      if (path === '/metrics') return void this.metrics.metrics().then((text) => send(response, 200, this.metrics.contentType, text), (error: unknown) => send(response, 500, 'text/plain', `${String(error)}\n`));
      if (path === '/health/live') return void this.health(response, this.checks.live());
      if (path === '/health/ready') return void this.health(response, this.checks.ready());
      send(response, 404, 'text/plain', 'not found\n');
    });
  }

  /** Listens; resolves with the port (a free one when `port` is 0). */
  listen(port: number, host: string): Promise<number> {
    return new Promise((ready, fail) => {
      this.server.once('error', fail);
      this.server.listen(port, host, () => ready((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    return new Promise((done) => this.server.close(() => done()));
  }

  private health(response: ServerResponse, check: Promise<HealthCheckResult>): void {
    check.then(
      (result) => send(response, 200, 'application/json', JSON.stringify(result)),
      (error: unknown) => send(response, 503, 'application/json', JSON.stringify(error instanceof ServiceUnavailableException ? error.getResponse() : { status: 'error', message: String(error) })),
    );
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}
