// `npm run infra`: the dev MongoDB server, Redis and the sandbox (each unless already there).
// Ctrl-C stops what it started.
'use strict';
const { ensureDependencies, build } = require('./lib/bootstrap');
const { stopAll } = require('./lib/processes');
const { layout, startInfra, untilSignal } = require('./lib/stack');

async function main() {
  ensureDependencies();
  build();
  const stack = layout();
  const lines = await startInfra(stack);
  console.log(`\nInfrastructure is up:\n  ${lines.join('\n  ')}\n\nCtrl-C stops what this command started.`);
  await untilSignal();
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
