/**
 * The SPIN model of the protocol (model/saga.pml), checked in `npm test`: the main model must hold
 * every invariant (exhaustive searches of one order and of two: the configuration) and
 * each hole variant must fail with the invariant it names. model/check.js does the work.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

const ROOT = path.resolve(__dirname, '..', '..');

describe('protocol model (SPIN)', () => {
  it('the main model holds every invariant and every hole variant fails with its own', { timeout: 720_000 }, () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'model', 'check.js')], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const output = `${result.stdout}${result.stderr}`;
    process.stdout.write(output);
    assert.equal(result.status, 0, output);
    for (const hole of ['liveness-hole-no-sweep', 'hole-unfenced-undo', 'hole-e11000-read-as-committed', 'hole-void-without-replay', 'hole-lease-only-unchecked', 'hole-reject-without-ledger']) {
      assert.match(output, new RegExp(`ok {3}${hole}: fails as expected`));
    }
  });
});
