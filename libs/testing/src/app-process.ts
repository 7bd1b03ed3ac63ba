/**
 * Starts a product app (`apps/<name>/src/main.js` from dist/) as a real child process, waits for
 * its ready line, and stops or kills it. Used by integration, end-to-end and chaos tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const REGISTER = join(ROOT, 'tools', 'runtime', 'register-paths.js');

export const APP = {
  ORDER_API: 'order-api',
  INVENTORY_WORKER: 'inventory-worker',
  PAYMENT_WORKER: 'payment-worker',
  NOTIFICATION_WORKER: 'notification-worker',
  SANDBOX: 'sandbox',
} as const;
export type AppName = (typeof APP)[keyof typeof APP];

const READY: Readonly<Record<AppName, RegExp>> = {
  'order-api': /order-api listening/,
  'inventory-worker': /inventory-worker ready/,
  'payment-worker': /payment-worker ready/,
  'notification-worker': /notification-worker ready/,
  sandbox: /sandbox listening/,
};

export interface AppProcess {
  readonly name: AppName;
  readonly child: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
  /** Dies at once, mid-whatever it was doing. */
  kill(): Promise<void>;
}

/** `env.CPU_PROF_DIR`, when set, runs the process under `node --cpu-prof` writing there (Node 20 refuses it in NODE_OPTIONS). */
export function startApp(name: AppName, env: Record<string, string>, timeoutMs = 90_000): Promise<AppProcess> {
  const profiling = env.CPU_PROF_DIR === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${env.CPU_PROF_DIR}`];
  const child = spawn(process.execPath, [...profiling, '-r', REGISTER, join(ROOT, 'dist', 'apps', name, 'src', 'main.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const handle: AppProcess = {
    name,
    child,
    output: () => log,
    stop: () => terminate(child, exited, 'SIGTERM'),
    kill: () => terminate(child, exited, 'SIGKILL'),
  };
  return new Promise((ready, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${name} not ready after ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      log = (log + chunk.toString()).slice(-20_000);
      if (READY[name].test(log)) {
        clearTimeout(timer);
        ready(handle);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${name} exited with ${String(code)} before it was ready:\n${log}`));
    });
  });
}

async function terminate(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Candidate ports for servers that tests and the benchmark start: below Linux's default
 * ephemeral range (32768–60999, `ip_local_port_range`), where the kernel picks the local port of
 * every outgoing connection and of every listen on port 0. A port taken from that range can be
 * taken again by a client connecting in another process between our check and the server's own
 * listen (it was: a sandbox failed with EADDRINUSE in CI while other test files ran).
 * `tools/scripts/lib/processes.js` picks its ports the same way.
 */
const PORT_RANGE = { low: 20_000, high: 32_767 } as const;
const PORT_TRIES = 50;

/** A port on 127.0.0.1 that nothing listens on, for a server about to start there. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < PORT_TRIES; attempt += 1) {
    const port = PORT_RANGE.low + Math.floor(Math.random() * (PORT_RANGE.high - PORT_RANGE.low + 1));
    if ((await listenOnce(port)) !== undefined) return port;
  }
  const port = await listenOnce(0);
  if (port === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}

/** Listens on `port` (0: the kernel's choice) and closes again: the port, or undefined when it was taken. */
function listenOnce(port: number): Promise<number | undefined> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() => done(bound));
    });
  });
}
