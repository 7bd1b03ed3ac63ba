/**
 * `npm start` (tools/scripts/start.js) as a user runs it, on the test's own MongoDB database,
 * Redis prefix and free ports: it prints the banner with one line per process, supervises what it
 * started (a worker killed with SIGKILL is reported at once and started again), and Ctrl-C stops
 * every process it started.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestEnvironment, freePort, waitFor, type TestEnvironment } from '@app/testing';

const ROOT = resolve(__dirname, '..', '..', '..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  let env: TestEnvironment;
  let script: ChildProcess;
  let output = '';

  before(async () => {
    env = await createTestEnvironment('npm_start');
    const ports = { API_PORT: await freePort(), SANDBOX_HTTP_PORT: await freePort(), SANDBOX_SMTP_PORT: await freePort() };
    script = spawn(process.execPath, [resolve(ROOT, 'tools/scripts/start.js'), '--no-build'], {
      cwd: ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        ...env.appEnv({ ADMIN_TOKEN: 'npm-start-admin-token-0123', ORDER_TOKEN_SECRET: 'npm-start-order-token-secret-0123456789' }),
        LOG_LEVEL: '',
        ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    script.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    script.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });

  after(async () => {
    if (script.exitCode === null && script.signalCode === null) {
      script.kill('SIGKILL');
    }
    await env.cleanup();
  });

  it('prints one line per process, restarts a killed worker, and stops everything on Ctrl-C', { timeout: 120_000 }, async () => {
    await waitFor(() => Promise.resolve(/The saga order orchestrator is running\./.test(output) ? true : undefined), 90_000, `the banner:\n${output}`, 200);
    const pids = new Map([...output.matchAll(/^ {2}(order-api|inventory-worker|payment-worker|notification-worker) +pid (\d+)/gm)].map((match) => [match[1] ?? '', Number(match[2])]));
    assert.equal(pids.size, 4, `one line per app:\n${output}`);
    assert.match(output, /Demo stock {4}SKU-1 \(100 available\)/);
    assert.match(output, /Admin token {3}npm-start-admin-token-0123 {3}\(from ADMIN_TOKEN\)/);
    assert.doesNotMatch(output, /InstanceLoader|RoutesResolver|RouterExplorer/, 'no framework start-up lines');

    const worker = pids.get('inventory-worker') ?? 0;
    process.kill(worker, 'SIGKILL');
    const back = await waitFor(() => Promise.resolve(/✓ inventory-worker is back \(pid (\d+)\)/.exec(output)?.[1]), 60_000, `the worker to be restarted:\n${output}`, 200);
    assert.match(output, new RegExp(`! inventory-worker \\(pid ${worker}\\) was killed \\(SIGKILL\\); restarting in 1 s`));
    assert.ok(alive(Number(back)), 'the new worker runs');

    const exited = new Promise<void>((done) => script.once('exit', () => done()));
    script.kill('SIGINT');
    await exited;
    for (const pid of [...pids.values(), Number(back)]) await waitFor(() => Promise.resolve(alive(pid) ? undefined : true), 15_000, `process ${pid} to end`);
    assert.doesNotMatch(output.slice(output.indexOf('stopping...')), /is back/, 'nothing is restarted while everything stops');
  });
});
