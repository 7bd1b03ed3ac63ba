// The local stack's layout: ports (each overridable by a variable), the URLs every app gets,
// and starting the infrastructure (dev MongoDB server, Redis, sandbox) unless it is already there.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT } = require('./bootstrap');
const { isListening } = require('./processes');
const { REGISTER, startMongoDevServer, startRedis, startSandbox } = require('./services');

function port(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${name} must be a TCP port (got "${raw}")`);
  return value;
}

function layout() {
  const ports = {
    api: port('API_PORT', 3000),
    mongo: port('MONGO_PORT', 27017),
    redis: port('REDIS_PORT', 6379),
    sandboxHttp: port('SANDBOX_HTTP_PORT', 4000),
    sandboxSmtp: port('SANDBOX_SMTP_PORT', 2525),
  };
  const env = {
    API_PORT: String(ports.api),
    MONGO_URL: process.env.MONGO_URL || `mongodb://127.0.0.1:${ports.mongo}/?directConnection=true`,
    REDIS_URL: process.env.REDIS_URL || `redis://127.0.0.1:${ports.redis}`,
    SANDBOX_HTTP_PORT: String(ports.sandboxHttp),
    SANDBOX_SMTP_PORT: String(ports.sandboxSmtp),
    PAYMENT_PROVIDER_URL: process.env.PAYMENT_PROVIDER_URL || `http://127.0.0.1:${ports.sandboxHttp}`,
    SMTP_URL: process.env.SMTP_URL || `smtp://127.0.0.1:${ports.sandboxSmtp}`,
    // Log lines for people when run from a terminal (LOG_FORMAT=json for machines).
    LOG_FORMAT: process.env.LOG_FORMAT || 'pretty',
    ADMIN_TOKEN: localSecret('ADMIN_TOKEN', 'admin-token', 24),
    ORDER_TOKEN_SECRET: localSecret('ORDER_TOKEN_SECRET', 'order-token-secret', 32),
  };
  return { ports, env };
}

/** A secret from the environment, or one generated once and kept in .run/<file> (mode 600). */
function localSecret(name, file, bytes) {
  if (process.env[name]) return process.env[name];
  const full = secretPath(file);
  if (fs.existsSync(full)) return fs.readFileSync(full, 'utf8').trim();
  const secret = crypto.randomBytes(bytes).toString('base64url');
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function secretPath(file) {
  return path.join(ROOT, '.run', file);
}

/** The admin token line of a banner: the token, and where it comes from. */
function adminTokenLine(env) {
  const where = process.env.ADMIN_TOKEN ? 'from ADMIN_TOKEN' : `kept in ${path.relative(process.cwd(), secretPath('admin-token')) || secretPath('admin-token')}; ADMIN_TOKEN overrides it`;
  return `Admin token   ${env.ADMIN_TOKEN}   (${where})`;
}

/**
 * Starts what is missing of MongoDB, Redis and the sandbox; returns a description of each.
 * With a `supervisor`, each one it starts is kept running (restarted when it dies); `onMongoRestart`
 * runs after the in-memory dev server came back empty. `verbose`: show their own output.
 */
async function startInfra({ ports, env }, { supervisor, verbose = false, onMongoRestart } = {}) {
  const output = verbose ? 'all' : 'none';
  const keep = (name, start, options) => (supervisor ? supervisor.keep(name, start, options) : start());
  const lines = [];
  if (process.env.MONGO_URL) lines.push(`MongoDB       ${env.MONGO_URL} (MONGO_URL)`);
  else if (await isListening(ports.mongo)) lines.push(`MongoDB       ${env.MONGO_URL} (already running)`);
  else {
    const mongo = await keep('mongo', () => startMongoDevServer({ port: ports.mongo, output }), { onRestart: onMongoRestart });
    lines.push(`MongoDB       ${env.MONGO_URL} (dev server, in memory: empty at each start; pid ${mongo.child.pid})`);
  }
  if (process.env.REDIS_URL) lines.push(`Redis         ${env.REDIS_URL} (REDIS_URL)`);
  else if (await isListening(ports.redis)) lines.push(`Redis         ${env.REDIS_URL} (already running)`);
  else {
    const redis = await keep('redis', () => startRedis({ port: ports.redis, output, keepData: true }));
    lines.push(`Redis         ${env.REDIS_URL} (redis-server, AOF in .run/redis-${ports.redis}, noeviction; pid ${redis.child.pid})`);
  }
  if (await isListening(ports.sandboxHttp)) lines.push(`Sandbox       http://127.0.0.1:${ports.sandboxHttp} (already running)`);
  else {
    const sandbox = await keep('sandbox', () => startSandbox({ httpPort: ports.sandboxHttp, smtpPort: ports.sandboxSmtp, output }));
    lines.push(`Sandbox       payments http://127.0.0.1:${ports.sandboxHttp}  mail smtp://127.0.0.1:${ports.sandboxSmtp} (list: /mail/messages; in memory; pid ${sandbox.child.pid})`);
  }
  return lines;
}

/** Creates the demo SKUs that are missing (tools/demo-stock); returns its one line (or why it could not). */
function seedDemoStock(env) {
  const result = spawnSync(process.execPath, ['-r', REGISTER, path.join(ROOT, 'dist/tools/demo-stock/src/main.js')], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return (result.stdout + result.stderr).trim() || `demo stock not seeded (exit ${result.status})`;
}

/** Resolves once SIGINT or SIGTERM arrives. */
function untilSignal() {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

module.exports = { layout, startInfra, seedDemoStock, adminTokenLine, untilSignal };
