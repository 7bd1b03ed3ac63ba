// `npm run operator -- add <name> [--if-missing] | list | remove <name>`: the console's named
// operators (apps/order-api/src/admin/operators/operator.cli.ts), in the database of the local
// stack (MONGO_URL / MONGO_DB, as `npm start` sets them). Builds first when dist/ is missing.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ROOT, ensureDependencies, build } = require('./lib/bootstrap');
const { nodeApp } = require('./lib/services');
const { layout } = require('./lib/stack');

const ENTRY = 'apps/order-api/src/admin/operators/operator.cli.js';

/** Runs the operator CLI; `capture`: answer its output instead of printing it. */
function runOperatorCli(args, env, { capture = false } = {}) {
  if (!fs.existsSync(path.join(ROOT, 'dist', ENTRY))) build();
  const result = spawnSync(process.execPath, [...nodeApp(ENTRY), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', stdio: capture ? 'pipe' : 'inherit' });
  if (capture && result.status !== 0) throw new Error(`npm run operator -- ${args.join(' ')} failed:\n${result.stderr}`);
  return { status: result.status ?? 1, stdout: result.stdout ?? '' };
}

if (require.main === module) {
  ensureDependencies();
  process.exitCode = runOperatorCli(process.argv.slice(2), layout().env).status;
}

module.exports = { runOperatorCli };
