// `npm run infra`: the dev MongoDB server, Redis and the sandbox (each unless already there),
// supervised like `npm start`'s, and the demo stock; prints the admin token the apps will use.
// Ctrl-C stops what it started.
'use strict';
const { ensureDependencies, build } = require('./lib/bootstrap');
const { stopAll } = require('./lib/processes');
const { adminTokenLine, layout, seedDemoStock, startInfra, untilSignal } = require('./lib/stack');
const { Supervisor } = require('./lib/supervisor');

async function main() {
  ensureDependencies();
  build();
  const stack = layout();
  const supervisor = new Supervisor((line) => console.log(line));
  const lines = await startInfra(stack, {
    supervisor,
    verbose: process.env.LOG_LEVEL === 'debug',
    onMongoRestart: () => console.log(`  the dev MongoDB server came back empty: restart the apps (they recreate the indexes)\n  ${seedDemoStock(stack.env)}`),
  });
  console.log(`\nInfrastructure is up:\n  ${lines.join('\n  ')}\n  ${seedDemoStock(stack.env)}\n  ${adminTokenLine(stack.env)}\n\nNext: npm run start:api, npm run start:worker -- <inventory|payment|notification>. Ctrl-C stops what this command started.`);
  await untilSignal();
  supervisor.stop();
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
