import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS } from './bench-options';
import { parseOptions } from './parse-options';

describe('parseOptions', () => {
  it('gives the defaults, with a warm-up of as many orders as a run (at least 50)', () => {
    assert.deepEqual(parseOptions([]), { help: false, options: DEFAULT_OPTIONS });
    const parsed = parseOptions(['--orders', '200']);
    assert.ok(!parsed.help);
    assert.equal(parsed.options.warmup, 200);
    const small = parseOptions(['--orders', '20']);
    assert.ok(!small.help);
    assert.equal(small.options.warmup, 50);
  });

  it('reads every flag', () => {
    const parsed = parseOptions(['--scenario', 'baskets', '--orders', '500', '--rate', '12.5', '--workers-per-kind', '3', '--concurrency', '16', '--preload', '1000', '--runs', '5', '--warmup', '0', '--decline-every', '0', '--consoles', '10', '--naive', '--json', 'out.json', '--out', 'here', '--drain-timeout', '30', '--quiet', '--cpu-prof', 'profiles']);
    assert.deepEqual(parsed, {
      help: false,
      options: { scenario: 'baskets', orders: 500, inflight: 64, rate: 12.5, workersPerKind: 3, concurrency: 16, preload: 1000, runs: 5, warmup: 0, declineEvery: 0, consoles: 10, naive: true, json: 'out.json', outDir: 'here', quiet: true, drainTimeoutS: 30, cpuProfDir: 'profiles' },
    });
  });

  it('answers help, and names the flag that is wrong', () => {
    assert.deepEqual(parseOptions(['-h']), { help: true });
    assert.throws(() => parseOptions(['--scenario', 'cold']), /--scenario must be one of spread, hot, baskets/);
    assert.throws(() => parseOptions(['--orders', '0']), /--orders must be an integer/);
    assert.throws(() => parseOptions(['--inflight', '8', '--rate', '10']), /exclude each other/);
    assert.throws(() => parseOptions(['--rate', '0']), /--rate must be a positive number/);
    assert.throws(() => parseOptions(['--bogus']), /bogus/);
  });
});
