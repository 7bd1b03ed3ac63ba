import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CHAOS_OPTIONS, parseChaosArgs } from './chaos-options';

describe('chaos options', () => {
  it('defaults to ten minutes of every fault with two processes per worker kind', () => {
    assert.deepEqual(parseChaosArgs([]), DEFAULT_CHAOS_OPTIONS);
    assert.equal(DEFAULT_CHAOS_OPTIONS.minutes, 10);
    assert.deepEqual(DEFAULT_CHAOS_OPTIONS.faults, ['kill', 'pause', 'redis', 'payment', 'mail', 'cancel']);
  });

  it('reads every flag and refuses what it does not know', () => {
    assert.deepEqual(parseChaosArgs(['--minutes', '0.5', '--workers', '3', '--faults', 'pause,payment', '--rate', '4', '--seed', '9']), { minutes: 0.5, workersPerKind: 3, faults: ['pause', 'payment'], ordersPerSecond: 4, seed: 9 });
    assert.equal(parseChaosArgs(['--help']), 'help');
    assert.throws(() => parseChaosArgs(['--faults', 'pause,meteor']), /--faults/);
    assert.throws(() => parseChaosArgs(['--workers', '1.5']), /positive integer/);
    assert.throws(() => parseChaosArgs(['--minutes']), /positive number/);
    assert.throws(() => parseChaosArgs(['--speed', '3']), /unknown flag/);
  });
});
