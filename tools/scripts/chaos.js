// `npm run chaos`: builds, starts the dev MongoDB server (unless MONGO_URL is set; the suite runs
// a Redis of its own, to restart it), runs the chaos suite CLI (test/chaos/suite), stops what it
// started. `npm run chaos -- --help` for the flags; a 10-minute run of every fault is the default.
'use strict';
const path = require('node:path');
const { ROOT, ensureDependencies, build } = require('./lib/bootstrap');
const { run, runMain, freePort } = require('./lib/processes');
const { REGISTER, startMongoDevServer, startRedis } = require('./lib/services');

async function main() {
  const args = process.argv.slice(2);
  ensureDependencies();
  build();
  const env = { ...process.env };
  if (!args.includes('--help') && !args.includes('-h')) {
    if (!env.MONGO_URL) env.MONGO_URL = (await startMongoDevServer({ port: await freePort(), quiet: true })).url;
    // The test environment asks for a Redis URL; the suite itself restarts a Redis of its own.
    if (!env.REDIS_URL) env.REDIS_URL = (await startRedis({ port: await freePort(), quiet: true })).url;
  }
  run(process.execPath, ['-r', REGISTER, path.join(ROOT, 'dist/test/chaos/suite/chaos-cli.js'), ...args], { cwd: ROOT, env });
}

runMain(main);
