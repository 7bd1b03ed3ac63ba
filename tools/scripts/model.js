// `npm run model`: installs spin and gcc when missing (Debian packages, like redis-server), then
// runs the model check (model/check.js): the main SPIN model of the protocol must hold every
// invariant and every hole variant must fail with the invariant it names. `-- --large` adds the
// 3-worker, 3-order search; `-- --traces` prints the hole variants' counter-examples.
'use strict';
const { ensureSpin } = require('./lib/bootstrap');
const { runMain } = require('./lib/processes');

async function main() {
  ensureSpin();
  require('../../model/check').main(process.argv.slice(2));
}

runMain(main);
