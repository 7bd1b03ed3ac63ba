import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ShutdownState } from './shutdown-state';

describe('ShutdownState', () => {
  it('is not shutting down until the first signal, then tells every listener once', () => {
    const state = new ShutdownState(10_000, () => 1_000);
    const heard: string[] = [];
    state.onBegin((signal) => heard.push(signal));
    assert.equal(state.shuttingDown, false);
    assert.equal(state.handBackAt, undefined);
    state.begin('SIGTERM');
    state.begin('SIGINT');
    assert.equal(state.shuttingDown, true);
    assert.deepEqual(heard, ['SIGTERM']);
    state.onBegin((signal) => heard.push(signal));
    assert.deepEqual(heard, ['SIGTERM', 'already'], 'a late listener runs at once');
  });

  it('hands back a quarter of the grace before its end, at most 2 s before', () => {
    let now = 0;
    const long = new ShutdownState(30_000, () => now);
    long.begin('SIGTERM');
    assert.equal(long.handBackAt, 28_000);
    const short = new ShutdownState(2_000, () => now);
    short.begin('SIGTERM');
    assert.equal(short.handBackAt, 1_500);
    now = 1_000;
    assert.equal(short.msUntilHandBack(), 500);
    now = 5_000;
    assert.equal(short.msUntilHandBack(), 0);
  });
});
