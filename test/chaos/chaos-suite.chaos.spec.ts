/**
 * A short run of the chaos suite (`npm run chaos` runs it for 10 minutes): 45 seconds of
 * steady load while workers are killed and frozen past their leases, Redis restarts, the payment
 * provider and mail server fail and cards authorize late, and customers cancel; then every
 * invariant is checked.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CHAOS_OPTIONS } from './suite/chaos-options';
import { formatChaosReport } from './suite/chaos-report';
import { runChaos } from './suite/chaos-run';

describe('chaos suite (short run)', () => {
  it('every fault of the mix, one at a time under load: every invariant holds', { timeout: 600_000 }, async () => {
    const report = await runChaos({ ...DEFAULT_CHAOS_OPTIONS, minutes: 0.75, ordersPerSecond: 6, seed: 7 });
    console.log(formatChaosReport(report));
    assert.ok(report.load.accepted > 0);
    assert.equal(report.invariants.failed, 0);
    for (const fault of ['kill', 'pause', 'redis', 'payment', 'mail'] as const) assert.ok(report.injected[fault] > 0, `${fault} was injected`);
  });
});
