// `npm run bench:saga` / `npm run bench:mongo`: builds, starts the dev MongoDB server and Redis on
// free ports (unless MONGO_URL / REDIS_URL are set), runs the benchmark, stops what it started.
'use strict';
const path = require('node:path');
const { ROOT, ensureDependencies, build } = require('./lib/bootstrap');
const { run, freePort, stopAll } = require('./lib/processes');
const { REGISTER, startMongoDevServer, startRedis } = require('./lib/services');

const BENCHES = {
  saga: 'dist/test/bench/order-throughput.bench.js',
  mongo: 'dist/tools/mongo-dev-server/bench/guarded-inc.bench.js',
};

async function main() {
  const name = process.argv[2];
  const file = BENCHES[name];
  if (!file) throw new Error(`usage: node tools/scripts/bench.js <${Object.keys(BENCHES).join('|')}>`);
  ensureDependencies();
  build();
  const env = { ...process.env };
  if (name === 'saga') {
    if (!env.MONGO_URL) env.MONGO_URL = (await startMongoDevServer({ port: await freePort(), quiet: true })).url;
    if (!env.REDIS_URL) env.REDIS_URL = (await startRedis({ port: await freePort(), quiet: true })).url;
  }
  run(process.execPath, ['-r', REGISTER, path.join(ROOT, file), ...process.argv.slice(3)], { cwd: ROOT, env });
}

main()
  .then(() => stopAll())
  .catch(async (error) => {
    console.error(error instanceof Error ? error.message : error);
    await stopAll();
    process.exit(1);
  });
