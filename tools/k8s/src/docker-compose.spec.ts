/**
 * docker-compose.yml, read (no Docker engine here): every app's healthcheck asks /health/live on
 * the port that app serves it on, and compose waits longer than SHUTDOWN_GRACE_MS before it kills.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

interface ComposeService {
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  stop_grace_period?: string;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const apps = Object.entries(compose.services).filter(([, service]) => service.command?.some((part) => part.startsWith('dist/apps/')) === true);

  it('runs the API and every worker kind from the image, each with a healthcheck on its /health/live', () => {
    assert.deepEqual(apps.map(([name]) => name).filter((name) => name !== 'sandbox').sort(), ['inventory-worker', 'notification-worker', 'order-api', 'payment-worker']);
    for (const [name, service] of apps) {
      if (name === 'sandbox') continue;
      const env = service.environment ?? {};
      // The image's HEALTHCHECK asks the API's default port; a worker's names its METRICS_PORT.
      const url = service.healthcheck?.test?.[3] ?? `http://127.0.0.1:${env.API_PORT ?? '3000'}/health/live`;
      const port = name === 'order-api' ? env.API_PORT : env.METRICS_PORT;
      assert.equal(url, `http://127.0.0.1:${String(port)}/health/live`, `${name}: healthcheck on its own /health/live`);
    }
  });

  it('gives every app longer than SHUTDOWN_GRACE_MS to drain before compose kills it', () => {
    for (const [name, service] of apps) {
      const grace = Number(service.environment?.SHUTDOWN_GRACE_MS ?? 10_000);
      const stop = Number(/^(\d+)s$/.exec(service.stop_grace_period ?? '10s')?.[1]) * 1_000;
      assert.ok(stop > grace, `${name}: stop_grace_period ${stop} ms > SHUTDOWN_GRACE_MS ${grace} ms`);
    }
  });
});
