/**
 * A Redis server of a test's own (Debian's redis-server, found on PATH), with AOF persistence
 * as in production, so that a test can stop and restart it under a running system. Its data
 * directory is a temporary one, removed by `dispose()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './app-process';

export interface RedisProcess {
  readonly url: string;
  /** SHUTDOWN-like stop: the AOF is flushed, the process exits. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory (no-op while it runs). */
  start(): Promise<void>;
  /** Stops it for good and removes its data directory. */
  dispose(): Promise<void>;
}

export async function startRedisProcess(): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'saga-redis-'));
  let child: ChildProcess | undefined;
  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = (): Promise<void> =>
    new Promise((ready, fail) => {
      if (running()) return ready();
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      let log = '';
      const onData = (chunk: Buffer): void => {
        log += chunk.toString();
        if (/ready to accept connections/i.test(log)) ready();
      };
      started.stdout?.on('data', onData);
      started.stderr?.on('data', onData);
      started.once('error', fail);
      started.once('exit', (code) => fail(new Error(`redis-server exited with ${String(code)}: ${log}`)));
    });
  const stop = async (): Promise<void> => {
    const current = child;
    if (current === undefined || !running()) return;
    const exited = new Promise<void>((done) => current.once('exit', () => done()));
    current.kill('SIGTERM');
    await exited;
  };
  const dispose = async (): Promise<void> => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, stop, start, dispose };
}
