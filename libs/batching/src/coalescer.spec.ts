/** Natural batching: what is sent together, and what a failed batch answers. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer } from './coalescer';
import { GATHERING_TURNS } from './gathering-turns';

describe('Coalescer', () => {
  it('sends the first request alone, then everything that arrived while it was in flight as one batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const firstAnswered = new Promise<void>((resolve) => (release = resolve));
    const coalescer = new Coalescer<number, number>(async (requests) => {
      batches.push(requests);
      if (batches.length === 1) await firstAnswered;
      return requests.map((request) => request * 10);
    });
    const first = coalescer.submit(1);
    while (batches.length === 0) await nextTurn();
    const rest = [coalescer.submit(2), coalescer.submit(3), coalescer.submit(4)];
    release();
    assert.deepEqual(await Promise.all([first, ...rest]), [10, 20, 30, 40]);
    assert.deepEqual(batches, [[1], [2, 3, 4]]);
  });

  it('gathers what arrives over the event-loop turns of a batch with nothing in flight ahead of it, then sends it', async () => {
    const batches: number[][] = [];
    const coalescer = new Coalescer<number, number>((requests) => {
      batches.push(requests);
      return Promise.resolve(requests);
    });
    const answers = [coalescer.submit(1)];
    for (let turn = 2; turn <= GATHERING_TURNS; turn += 1) {
      await nextTurn();
      assert.deepEqual(batches, [], `still gathering in turn ${turn}`);
      answers.push(coalescer.submit(turn));
    }
    await nextTurn();
    const all = Array.from({ length: GATHERING_TURNS }, (_, index) => index + 1);
    assert.deepEqual(batches, [all], 'one batch, sent after the gathering turns');
    assert.deepEqual(await Promise.all(answers), all);
  });

  it('rejects every request of a failed batch and goes on with the next one', async () => {
    let calls = 0;
    const coalescer = new Coalescer<string, string>((requests) => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('server gone')) : Promise.resolve(requests.map((request) => request.toUpperCase()));
    }, 2);
    const failed = [coalescer.submit('a'), coalescer.submit('b')];
    const later = coalescer.submit('c');
    await assert.rejects(failed[0], /server gone/);
    await assert.rejects(failed[1], /server gone/);
    assert.equal(await later, 'C', 'a batch holds at most maxBatch requests; the rest go next');
  });
});

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
