/**
 * Starts the bench's naive inventory worker (tools/bench/naive, from dist/) as a child process,
 * the way @app/testing's startApp starts the product's apps, and waits for its ready line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

/** dist/tools/bench/src/system → the repository root. */
const ROOT = resolve(__dirname, '..', '..', '..', '..', '..');
const REGISTER = join(ROOT, 'tools', 'runtime', 'register-paths.js');
const ENTRY = join(ROOT, 'dist', 'tools', 'bench', 'naive', 'main.js');
const READY = /naive-inventory-worker ready/;
const KILL_AFTER_MS = 10_000;

export interface NaiveWorkerProcess {
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export function startNaiveInventoryWorker(env: Record<string, string>, timeoutMs = 30_000): Promise<NaiveWorkerProcess> {
  const child = spawn(process.execPath, ['-r', REGISTER, ENTRY], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    await exited;
    clearTimeout(timer);
  };
  let log = '';
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`naive-inventory-worker not ready after ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      log = (log + chunk.toString()).slice(-20_000);
      if (READY.test(log)) {
        clearTimeout(timer);
        ready({ child, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`naive-inventory-worker exited with ${String(code)} before it was ready:\n${log}`));
    });
  });
}
