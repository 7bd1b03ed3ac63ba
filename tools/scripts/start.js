// `npm start`: the whole system on embedded defaults. Installs what is missing, builds, starts the
// dev MongoDB server, Redis and the sandbox (each unless already there), the order API and one
// process of each worker, seeds demo stock, and prints where everything is. Ctrl-C stops it all.
'use strict';
const { ensureDependencies, build } = require('./lib/bootstrap');
const { startService, stopAll } = require('./lib/processes');
const { nodeApp } = require('./lib/services');
const { layout, startInfra, untilSignal } = require('./lib/stack');
const { runOperatorCli } = require('./operator');

const DEMO_STOCK = [
  { sku: 'SKU-1', available: 100, unitPrice: 1999 },
  { sku: 'SKU-2', available: 25, unitPrice: 4950 },
  { sku: 'SKU-3', available: 5, unitPrice: 12900 },
  { sku: 'MUG-CLASSIC', available: 40, unitPrice: 1200 },
];

async function seedDemoStock(apiUrl, token) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  for (const item of DEMO_STOCK) {
    const existing = await fetch(`${apiUrl}/admin/inventory/${item.sku}`, { headers });
    if (existing.status === 200) continue;
    const response = await fetch(`${apiUrl}/admin/inventory/${item.sku}`, { method: 'PUT', headers, body: JSON.stringify({ available: item.available, unitPrice: item.unitPrice, reason: 'demo stock' }) });
    if (!response.ok) throw new Error(`seeding ${item.sku} failed: ${response.status} ${await response.text()}`);
  }
}

/** The banner's operator line: `admin` is created (and its password shown, once) when it does not exist. */
function ensureAdminOperator(env) {
  const { stdout } = runOperatorCli(['add', 'admin', '--if-missing'], env, { capture: true });
  const password = /password \(shown once\): (\S+)/.exec(stdout)?.[1];
  return password
    ? `admin / ${password}   (shown once; more: npm run operator -- add <name>)`
    : 'admin (exists; its password was shown when it was added: npm run operator -- remove admin, then npm start, for a new one)';
}

async function main() {
  ensureDependencies();
  build();
  const stack = layout();
  const lines = await startInfra(stack);
  const env = stack.env;
  await Promise.all([
    startService({ name: 'order-api', command: process.execPath, args: nodeApp('apps/order-api/src/main.js'), env, ready: /order-api listening/ }),
    ...['inventory', 'payment', 'notification'].map((worker) =>
      startService({ name: `${worker}-worker`, command: process.execPath, args: nodeApp(`apps/${worker}-worker/src/main.js`), env, ready: /worker ready/ }),
    ),
  ]);
  const apiUrl = `http://127.0.0.1:${stack.ports.api}`;
  await seedDemoStock(apiUrl, env.ADMIN_TOKEN);
  const operator = ensureAdminOperator(env);
  console.log(`
The saga order orchestrator is running.
  ${lines.join('\n  ')}
  Order API     ${apiUrl}   (OpenAPI: ${apiUrl}/docs, ${apiUrl}/openapi.json)
  Workers       inventory, payment, notification (1 process each)

  Dashboard     ${apiUrl}/dashboard/   (queues: ${apiUrl}/admin/queues)
  Sign in as    ${operator}
  Admin token   ${env.ADMIN_TOKEN}   (Authorization: Bearer, for scripts)

  Demo stock    ${DEMO_STOCK.map((item) => `${item.sku} (${item.available})`).join(', ')}
  Try it:
    curl -s -X POST ${apiUrl}/orders -H 'content-type: application/json' -H 'Idempotency-Key: demo-1' \\
      -d '{"customerId":"c-42","email":"ada@example.com","items":[{"sku":"SKU-1","quantity":2}],"payment":{"token":"tok_visa"}}'

Ctrl-C stops everything this command started.`);
  await untilSignal();
  console.log('\nstopping...');
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
