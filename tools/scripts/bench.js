// `npm run bench` / `npm run bench:mongo`: builds, starts the dev MongoDB server and Redis on
// free ports (unless MONGO_URL / REDIS_URL are set), runs the benchmark, stops what it started.
//   run    the end-to-end benchmark CLI (tools/bench): `npm run bench -- --help`
//   mongo  the dev server's guarded-$inc benchmark (it starts its own server in-process)
'use strict';
const path = require('node:path');
const { ROOT, ensureDependencies, build } = require('./lib/bootstrap');
const { run, runMain, freePort } = require('./lib/processes');
const { REGISTER, startMongoDevServer, startRedis } = require('./lib/services');

const BENCHES = {
  run: { file: 'dist/tools/bench/src/main.js', servers: true },
  mongo: { file: 'dist/tools/mongo-dev-server/bench/guarded-inc.bench.js', servers: false },
};

async function main() {
  const name = process.argv[2];
  const bench = BENCHES[name];
  if (!bench) throw new Error(`usage: node tools/scripts/bench.js <${Object.keys(BENCHES).join('|')}> [options]`);
  const args = process.argv.slice(3);
  ensureDependencies();
  build();
  const env = { ...process.env };
  const help = args.includes('--help') || args.includes('-h');
  if (bench.servers && !help) {
    if (!env.MONGO_URL) env.MONGO_URL = (await startMongoDevServer({ port: await freePort(), quiet: true })).url;
    if (!env.REDIS_URL) env.REDIS_URL = (await startRedis({ port: await freePort(), quiet: true })).url;
  }
  run(process.execPath, ['-r', REGISTER, path.join(ROOT, bench.file), ...args], { cwd: ROOT, env });
}

runMain(main);
