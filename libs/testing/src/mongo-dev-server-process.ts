/**
 * A dev MongoDB server of a test's own (the project's tools/mongo-dev-server, from dist/), so that
 * a test can freeze it (SIGSTOP: it keeps its data in memory, so a restart would lose everything
 * and prove nothing) and thaw it (SIGCONT) under a running system.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { freePort } from './app-process';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

export interface MongoDevServerProcess {
  readonly url: string;
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

export async function startMongoDevServerProcess(): Promise<MongoDevServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'tools', 'mongo-dev-server', 'src', 'main.js'), '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  await new Promise<void>((ready, fail) => {
    let log = '';
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (/mongo-dev-server listening/.test(log)) ready();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`the dev MongoDB server exited with ${String(code)}: ${log}`)));
  });
  return {
    url: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
    stop: async () => {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
