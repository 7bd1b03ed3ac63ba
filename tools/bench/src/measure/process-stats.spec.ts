import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, writeSync } from 'node:fs';
import { sampleProcess } from './process-stats';

describe('sampleProcess', () => {
  it('counts every write system call a process makes', () => {
    const fd = openSync('/dev/null', 'w');
    try {
      const before = sampleProcess(process.pid).writeCalls;
      for (let i = 0; i < 25; i += 1) writeSync(fd, 'x');
      const after = sampleProcess(process.pid).writeCalls;
      assert.ok(before !== null && after !== null, 'this machine has /proc/<pid>/io');
      // Other threads of this process (the test runner's reporter) may write meanwhile, never fewer.
      assert.ok(after - before >= 25, `${after - before} write calls counted for 25 writes`);
      assert.ok(after - before < 25 + 10, `${after - before} write calls counted for 25 writes`);
    } finally {
      closeSync(fd);
    }
  });

  it('answers null for a process that is gone', () => {
    assert.deepEqual(sampleProcess(2 ** 22 + 1), { cpuMs: null, writeCalls: null, peakRssKb: null });
  });
});
