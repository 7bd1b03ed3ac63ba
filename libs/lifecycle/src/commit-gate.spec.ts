import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CommitGate, GATE_CLOSED } from './commit-gate';

describe('CommitGate', () => {
  it('runs commits while open and returns what they return', async () => {
    const gate = new CommitGate();
    assert.equal(await gate.commit(() => Promise.resolve(7)), 7);
    await assert.rejects(gate.commit(() => Promise.reject(new Error('write failed'))), /write failed/);
    assert.equal(gate.closed, false);
  });

  it('closes only once the commits under way have ended, and starts none after', async () => {
    const gate = new CommitGate();
    const order: string[] = [];
    let finish: () => void = () => undefined;
    const underWay = gate.commit(
      () =>
        new Promise<string>((done) => {
          finish = () => {
            order.push('commit ended');
            done('committed');
          };
        }),
    );
    const closing = gate.close().then(() => order.push('closed'));
    assert.equal(gate.closed, true);
    let ran = false;
    assert.equal(
      await gate.commit(() => {
        ran = true;
        return Promise.resolve('late');
      }),
      GATE_CLOSED,
    );
    assert.equal(ran, false, 'a commit asked for after close() never runs');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(order, [], 'close() waits for the commit under way');
    finish();
    assert.equal(await underWay, 'committed');
    await closing;
    assert.deepEqual(order, ['commit ended', 'closed']);
  });

  it('closes although a commit under way fails', async () => {
    const gate = new CommitGate();
    const failing = gate.commit(() => new Promise((_, fail) => setTimeout(() => fail(new Error('lost')), 5)));
    await gate.close();
    await assert.rejects(failing, /lost/);
  });
});
