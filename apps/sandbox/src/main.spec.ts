import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

/** Runs the compiled main.js as a real process, the way dev scripts do. */
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const MAIN = resolve(__dirname, 'main.js');
const REGISTER = resolve(ROOT, 'tools', 'runtime', 'register-paths.js');

describe('main.ts (child process)', () => {
  it('prints the listening line once both servers listen and exits on SIGTERM', async () => {
    const child = spawn(process.execPath, ['-r', REGISTER, MAIN], {
      cwd: ROOT,
      env: { SANDBOX_HTTP_PORT: '0', SANDBOX_SMTP_PORT: '0', PAYMENT_API_KEY: 'sk_test_main' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      child.stdout.setEncoding('utf8');
      const line = await new Promise<string>((resolveLine, reject) => {
        child.stdout.on('data', (chunk: string) => {
          stdout += chunk;
          const found = /^sandbox listening http=(\S+) smtp=(\S+)$/m.exec(stdout);
          if (found) resolveLine(found[0]);
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${String(code)}: ${stdout}`)));
      });
      const [, httpUrl] = /http=(\S+)/.exec(line) ?? [];
      assert.match(line, /^sandbox listening http=http:\/\/127\.0\.0\.1:[1-9]\d* smtp=smtp:\/\/127\.0\.0\.1:[1-9]\d*$/);
      const health = await fetch(`${httpUrl}/health`);
      assert.deepEqual(await health.json(), { status: 'ok' });
      const charge = await fetch(`${httpUrl}/v1/charges`, { headers: { Authorization: 'Bearer sk_test_main' } });
      assert.equal(charge.status, 200, 'PAYMENT_API_KEY from the environment is used');

      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = (await exited) as [number | null, NodeJS.Signals | null];
      assert.ok(code === 0 || signal === 'SIGTERM', `code=${String(code)} signal=${String(signal)}`);
      assert.equal(stdout.trim().split('\n').length, 1, 'prints exactly one line');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('exits with code 1 and a message on an invalid environment', async () => {
    const child = spawn(process.execPath, ['-r', REGISTER, MAIN], {
      cwd: ROOT,
      env: { SANDBOX_HTTP_PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 1);
    assert.match(stderr, /SANDBOX_HTTP_PORT/);
  });
});
