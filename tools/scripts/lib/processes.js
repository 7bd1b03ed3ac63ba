// Starting and stopping child processes for the project's scripts (plain Node: runs before
// dependencies are installed). A service is "ready" when a line of its output matches a pattern.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const net = require('node:net');

const children = new Set();

/** Runs a command to completion with inherited output; throws when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

/**
 * Starts a long-running process and resolves once a line of its output matches `ready`.
 * `output` says which lines are shown, prefixed with the service name: 'all' (the default),
 * 'none' (also `quiet: true`), or 'after-ready' (what it says while it runs, not its start-up).
 * The last lines are kept whatever is shown (`tail()`), to say why a process died. `cleanup`
 * runs once the process has exited, whatever ended it.
 */
function startService({ name, command, args, env, ready, timeoutMs = 60_000, quiet = false, output = quiet ? 'none' : 'all', cleanup }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    const recent = [];
    let done = false;
    const timer = setTimeout(() => finish(new Error(`${name} did not become ready within ${timeoutMs} ms`)), timeoutMs);
    const tail = (lines = 20) => recent.slice(-lines).join('\n');
    const finish = (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGTERM');
        reject(error);
      } else {
        resolve({ name, child, tail, stop: () => stopChild(child) });
      }
    };
    const onData = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        recent.push(line);
        if (recent.length > 200) recent.shift();
        if (output === 'all' || (output === 'after-ready' && done)) process.stdout.write(`[${name}] ${line}\n`);
        if (!done && ready.test(line)) finish();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (cleanup) cleanup();
      if (!done) finish(new Error(`${name} exited (${code ?? signal}) before it was ready\n${tail()}`));
    });
  });
}

function stopChild(child, graceMs = 5_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function stopAll() {
  await Promise.all([...children].map((child) => stopChild(child)));
}

/**
 * A port on 127.0.0.1 that nothing listens on, for a server about to start there. Candidates come
 * from below Linux's default ephemeral range (32768–60999), where outgoing connections take their
 * local ports, so that a client connecting meanwhile cannot take the port before the server binds
 * it; the same choice as `freePort` in libs/testing/src/app-process.ts.
 */
async function freePort() {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * (32_767 - 20_000 + 1));
    if ((await listenOnce(port)) !== undefined) return port;
  }
  const port = await listenOnce(0);
  if (port === undefined) throw new Error('no free TCP port on 127.0.0.1');
  return port;
}

/** Listens on `port` (0: the kernel's choice) and closes again: the port, or undefined when it was taken. */
function listenOnce(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      server.close(() => resolve(bound));
    });
  });
}

/** True when something accepts TCP connections on host:port. */
function isListening(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs a script's `main`, then stops every process it started; on failure prints why and exits 1. */
function runMain(main) {
  main()
    .then(() => stopAll())
    .catch(async (error) => {
      console.error(error instanceof Error ? error.message : error);
      await stopAll();
      process.exit(1);
    });
}

module.exports = { run, runMain, startService, stopAll, freePort, isListening };
