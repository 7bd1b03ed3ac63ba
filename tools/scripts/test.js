// `npm test`: installs what is missing, builds, runs the static checks (types, lint, import
// boundaries), starts its own dev MongoDB server and Redis on free ports (unless MONGO_URL /
// REDIS_URL are set), runs every spec with node's test runner, and stops what it started.
// Extra arguments filter the spec files by substring: `npm test -- saga`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, ensureDependencies, ensureChromium, ensureSpin, build } = require('./lib/bootstrap');
const { run, runMain, freePort } = require('./lib/processes');
const { REGISTER, startMongoDevServer, startRedis } = require('./lib/services');

function specFiles(dir, found = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) specFiles(full, found);
    else if (/\.spec\.js$/.test(entry.name)) found.push(full);
  }
  return found;
}

async function main() {
  const filters = process.argv.slice(2);
  ensureDependencies();
  build();
  if (filters.length === 0) {
    console.log('> lint (eslint, type-checked)');
    run(process.execPath, [path.join(ROOT, 'node_modules/eslint/bin/eslint.js'), '--max-warnings=0', '.'], { cwd: ROOT });
    console.log('> import boundaries (dependency-cruiser: no cycles, no deep lib imports, apps import no app)');
    run(process.execPath, [path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), '--config', '.dependency-cruiser.js', 'apps', 'libs', 'tools', 'test'], { cwd: ROOT });
  }

  ensureSpin();
  const env = { ...process.env, CHROMIUM_PATH: ensureChromium() };
  // A MongoDB of the user's own: the dev server's conformance suite runs its cases against it too.
  if (env.MONGO_URL && !env.CONFORMANCE_MONGO_URL) env.CONFORMANCE_MONGO_URL = env.MONGO_URL;
  if (!env.MONGO_URL) {
    const mongo = await startMongoDevServer({ port: await freePort(), quiet: true });
    env.MONGO_URL = mongo.url;
  }
  if (!env.REDIS_URL) {
    const redis = await startRedis({ port: await freePort(), quiet: true });
    env.REDIS_URL = redis.url;
  }
  console.log(`> tests against MONGO_URL=${env.MONGO_URL} REDIS_URL=${env.REDIS_URL}`);

  const dist = path.join(ROOT, 'dist');
  const files = ['apps', 'libs', 'tools', 'test', 'model']
    .map((dir) => path.join(dist, dir))
    .filter((dir) => fs.existsSync(dir))
    .flatMap((dir) => specFiles(dir))
    // Match against the path inside dist/, so that the checkout's own directory name never matches.
    .filter((file) => filters.length === 0 || filters.some((f) => path.relative(dist, file).includes(f)))
    .sort();
  if (files.length === 0) throw new Error('no spec files found');
  // A test may take up to 10 minutes; a process a test leaked never keeps the run from ending.
  run(process.execPath, ['-r', REGISTER, '--test', '--test-concurrency=2', '--test-timeout=600000', '--test-force-exit', '--test-reporter=spec', ...files], { cwd: ROOT, env });
}

runMain(main);
