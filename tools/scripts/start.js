// `npm start`: the whole system on embedded defaults. Installs what is missing, builds, starts the
// dev MongoDB server, Redis and the sandbox (each unless already there), the order API and one
// process of each worker, seeds demo stock, and prints where everything is: a banner and one line
// per process. It supervises what it started: a process that dies is reported at once and started
// again with backoff (see lib/supervisor.js). The apps run at LOG_LEVEL=warn and their warnings
// and errors are shown; set LOG_LEVEL (e.g. debug) to see every process's own output at that level.
// Ctrl-C stops everything this command started. `--no-build`: use dist/ as it is (tests).
'use strict';
const { ensureDependencies, build } = require('./lib/bootstrap');
const { startService, stopAll } = require('./lib/processes');
const { nodeApp } = require('./lib/services');
const { adminTokenLine, layout, seedDemoStock, startInfra, untilSignal } = require('./lib/stack');
const { Supervisor } = require('./lib/supervisor');
const { runOperatorCli } = require('./operator');

const APPS = [
  { name: 'order-api', entry: 'apps/order-api/src/main.js', ready: /order-api listening/ },
  ...['inventory', 'payment', 'notification'].map((worker) => ({ name: `${worker}-worker`, entry: `apps/${worker}-worker/src/main.js`, ready: /worker ready/ })),
];

/** The banner's operator line: `admin` is created (and its password shown, once) when it does not exist. */
function ensureAdminOperator(env) {
  const { stdout } = runOperatorCli(['add', 'admin', '--if-missing'], env, { capture: true });
  const password = /password \(shown once\): (\S+)/.exec(stdout)?.[1];
  return password
    ? `admin / ${password}   (shown once; more: npm run operator -- add <name>)`
    : 'admin (exists; its password was shown when it was added: npm run operator -- remove admin, then npm start, for a new one)';
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    ensureDependencies();
    build();
  }
  const verbose = Boolean(process.env.LOG_LEVEL);
  const stack = layout();
  const env = { ...stack.env, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' };
  const supervisor = new Supervisor((line) => console.log(line));
  console.log(`Starting the saga order orchestrator${verbose ? '' : ' (each process\'s own output: LOG_LEVEL=debug npm start)'}`);

  // After a restart of the API (the dev server may have come back empty): demo stock and the
  // admin operator again (a new password is shown if it had to be created again).
  const reseed = () => console.log(`  ${seedDemoStock(env)}\n  Sign in as    ${ensureAdminOperator(env)}`);
  const lines = await startInfra(stack, {
    supervisor,
    verbose,
    // The dev server keeps its data in memory: it came back empty, without indexes. The apps
    // create the indexes when they start, then the demo stock is seeded again.
    onMongoRestart: () => supervisor.restart(APPS.map((app) => app.name), 'the dev MongoDB server came back empty: indexes and demo stock are recreated'),
  });
  const demoStock = seedDemoStock(env);
  const started = await Promise.all(
    APPS.map((app) =>
      supervisor.keep(app.name, () => startService({ name: app.name, command: process.execPath, args: nodeApp(app.entry), env, ready: app.ready, output: verbose ? 'all' : 'after-ready' }), {
        onRestart: app.name === 'order-api' ? reseed : undefined,
      }),
    ),
  );
  const apiUrl = `http://127.0.0.1:${stack.ports.api}`;
  const operator = ensureAdminOperator(env);
  const processLines = started.map((service, index) => `${APPS[index].name.padEnd(20)} pid ${String(service.child.pid).padEnd(7)} ${readyLine(service)}`);
  console.log(`
The saga order orchestrator is running.
  ${lines.join('\n  ')}
  ${processLines.join('\n  ')}

  Dashboard     ${apiUrl}/dashboard/   (queues: ${apiUrl}/admin/queues; OpenAPI: ${apiUrl}/docs, ${apiUrl}/openapi.json)
  Sign in as    ${operator}
  ${adminTokenLine(env)}
  ${demoStock}
  Try it:
    curl -s -X POST ${apiUrl}/orders -H 'content-type: application/json' -H 'Idempotency-Key: demo-1' \\
      -d '{"customerId":"c-42","email":"ada@example.com","items":[{"sku":"SKU-1","quantity":2}],"payment":{"token":"tok_visa"}}'

A process that dies is reported here and started again. Ctrl-C stops everything this command started.`);
  await untilSignal();
  console.log('\nstopping...');
  // The apps first (they drain and close their connections), then what they use.
  await supervisor.stopServices(APPS.map((app) => app.name));
}

/** The line a process printed when it was ready (its address, its metrics port). */
function readyLine(service) {
  return service.tail(200).split('\n').filter((line) => /listening|ready/.test(line)).pop() ?? '';
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
