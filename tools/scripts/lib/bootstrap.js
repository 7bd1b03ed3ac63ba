// Installs what a fresh clone is missing (npm dependencies, Debian's redis-server, chromium, spin and gcc) and builds.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { run } = require('./processes');

const ROOT = path.resolve(__dirname, '..', '..', '..');

function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  const stale = !fs.existsSync(marker) || fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs;
  if (!stale) return;
  console.log('> installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT });
}

function which(binary) {
  const result = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

/** Finds redis-server; installs Debian's package when running as root with apt available. */
function ensureRedisServer() {
  const found = which('redis-server');
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && which('apt-get')) {
    console.log('> redis-server not found: installing Debian package redis-server');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], { env });
    const installed = which('redis-server');
    if (installed) return installed;
  }
  throw new Error(
    'redis-server is not installed. Install it (Debian/Ubuntu: `sudo apt-get install redis-server`, ' +
      'macOS: `brew install redis`) or point REDIS_URL at a running Redis.',
  );
}

/** Debian's chromium for the browser tests (installed as root with apt when missing). */
function ensureChromium() {
  const found = process.env.CHROMIUM_PATH || which('chromium');
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && which('apt-get')) {
    console.log('> chromium not found: installing Debian package chromium (for the browser tests)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { env });
    const installed = which('chromium');
    if (installed) return installed;
  }
  throw new Error('chromium is not installed (Debian/Ubuntu: `sudo apt-get install chromium`), or set CHROMIUM_PATH; the browser tests need it.');
}

/** SPIN and the C compiler its verifiers need (Debian packages spin and gcc, installed as root with apt when missing). */
function ensureSpin() {
  const missing = ['spin', 'gcc'].filter((binary) => !which(binary));
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && which('apt-get')) {
    console.log(`> ${missing.join(', ')} not found: installing Debian packages ${missing.join(' ')} (for the model check)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
    if (missing.every((binary) => which(binary))) return;
  }
  throw new Error(`${missing.join(' and ')} not installed (Debian/Ubuntu: \`sudo apt-get install spin gcc\`); the model check needs them.`);
}

function build() {
  console.log('> building (tsc)');
  run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT });
}

module.exports = { ROOT, ensureDependencies, ensureRedisServer, ensureChromium, ensureSpin, build, which };
