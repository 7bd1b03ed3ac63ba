// The infrastructure services the scripts start: the dev MongoDB server, Redis and the sandbox.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT, ensureRedisServer } = require('./bootstrap');
const { startService } = require('./processes');

const REGISTER = path.join(ROOT, 'tools', 'runtime', 'register-paths.js');

function nodeApp(entry) {
  return ['-r', REGISTER, path.join(ROOT, 'dist', entry)];
}

async function startMongoDevServer({ port, quiet, output }) {
  const service = await startService({
    name: 'mongo',
    command: process.execPath,
    args: [path.join(ROOT, 'dist/tools/mongo-dev-server/src/main.js'), '--port', String(port)],
    ready: /mongo-dev-server listening/,
    quiet,
    output,
  });
  return { ...service, url: `mongodb://127.0.0.1:${port}/?directConnection=true` };
}

/**
 * redis-server with AOF persistence. `keepData`: its data directory is `.run/redis-<port>` and
 * survives a restart (npm start, npm run infra); otherwise (tests, bench, chaos) a temporary
 * directory removed once the server has exited.
 */
async function startRedis({ port, quiet, output, keepData = false }) {
  const binary = ensureRedisServer();
  const dir = keepData ? path.join(ROOT, '.run', `redis-${port}`) : fs.mkdtempSync(path.join(os.tmpdir(), `saga-redis-${port}-`));
  fs.mkdirSync(dir, { recursive: true });
  const service = await startService({
    name: 'redis',
    command: binary,
    args: [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
      '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction',
      '--daemonize', 'no', '--loglevel', 'notice',
    ],
    ready: /Ready to accept connections|ready to accept connections/i,
    quiet,
    output,
    cleanup: keepData ? undefined : () => fs.rmSync(dir, { recursive: true, force: true }),
  });
  return { ...service, url: `redis://127.0.0.1:${port}` };
}

async function startSandbox({ httpPort, smtpPort, env = {}, quiet, output }) {
  const service = await startService({
    name: 'sandbox',
    command: process.execPath,
    args: nodeApp('apps/sandbox/src/main.js'),
    env: { SANDBOX_HTTP_PORT: String(httpPort), SANDBOX_SMTP_PORT: String(smtpPort), ...env },
    ready: /sandbox listening/,
    quiet,
    output,
  });
  return { ...service, httpUrl: `http://127.0.0.1:${httpPort}`, smtpUrl: `smtp://127.0.0.1:${smtpPort}` };
}

module.exports = { REGISTER, nodeApp, startMongoDevServer, startRedis, startSandbox };
