import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StepSlots } from './step-slots';

describe('StepSlots', () => {
  it('runs at most `limit` steps at once and the rest in arrival order as slots free up', async () => {
    const slots = new StepSlots(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const steps = [0, 1, 2, 3, 4].map((index) =>
      slots.run(async () => {
        started.push(index);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running -= 1;
        return index;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(started, [0, 1]);
    while (started.length < 5 || releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(await Promise.all(steps), [0, 1, 2, 3, 4]);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
    assert.equal(peak, 2);
  });

  it('frees the slot of a step that throws', async () => {
    const slots = new StepSlots(1);
    await assert.rejects(slots.run(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await slots.run(() => Promise.resolve('next')), 'next');
  });
});
