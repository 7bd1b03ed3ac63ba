// `npm run start:api`, `npm run start:worker -- <inventory|payment|notification>`, `npm run start:sandbox`:
// one process in the foreground, so each can be started, killed and restarted on its own.
// Expects the infrastructure to be up (`npm run infra`). Builds first when dist/ is missing. The
// API and workers first seed the demo stock (creating only missing SKUs) and print the admin token.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ROOT, ensureDependencies, build } = require('./lib/bootstrap');
const { nodeApp } = require('./lib/services');
const { adminTokenLine, layout, seedDemoStock } = require('./lib/stack');

const WORKERS = ['inventory', 'payment', 'notification'];

function entryFor(kind, name) {
  if (kind === 'api') return 'apps/order-api/src/main.js';
  if (kind === 'sandbox') return 'apps/sandbox/src/main.js';
  if (kind === 'worker' && WORKERS.includes(name)) return `apps/${name}-worker/src/main.js`;
  throw new Error(`usage: npm run start:worker -- <${WORKERS.join('|')}>  (or start:api, start:sandbox)`);
}

function main() {
  const [kind, name] = process.argv.slice(2);
  const entry = entryFor(kind, name);
  ensureDependencies();
  if (!fs.existsSync(path.join(ROOT, 'dist', entry))) build();
  const env = { ...process.env, ...layout().env };
  if (kind !== 'sandbox') console.log(`${seedDemoStock(env)}\n${adminTokenLine(env)}`);
  const child = spawn(process.execPath, nodeApp(entry), { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
