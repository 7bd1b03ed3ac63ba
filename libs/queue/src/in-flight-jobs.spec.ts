import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from 'bullmq';
import { CommitGate } from '@app/lifecycle';
import { InFlightJobs } from './in-flight-jobs';

function fakeJob(id: string, movedBack: string[], fails = false): Job {
  return {
    id,
    moveToWait: (token?: string) => {
      if (fails) return Promise.reject(new Error('Missing lock'));
      movedBack.push(`${id}/${String(token)}`);
      return Promise.resolve(0);
    },
  } as unknown as Job;
}

describe('InFlightJobs', () => {
  it('reports a drain when the worker closes in time, and hands nothing back', async () => {
    const jobs = new InFlightJobs();
    const moved: string[] = [];
    let finish: () => void = () => undefined;
    const running = jobs.track(fakeJob('1', moved), 't1', () => new Promise<void>((done) => (finish = done)));
    assert.equal(jobs.size, 1);
    const closing = running.then(() => undefined);
    setTimeout(() => finish(), 10);
    const commits = new CommitGate();
    assert.deepEqual(await jobs.drain(closing, 1_000, commits), { drained: true, handedBack: 0, notHandedBack: 0 });
    assert.equal(jobs.size, 0);
    assert.deepEqual(moved, []);
    assert.equal(commits.closed, false, 'nothing was handed back: steps may still commit');
  });

  it('hands back, with their own tokens, the jobs still running when the time is up, once the commits under way have ended', async () => {
    const jobs = new InFlightJobs();
    const moved: string[] = [];
    const never = new Promise<void>(() => undefined);
    void jobs.track(fakeJob('a', moved), 'ta', () => never);
    void jobs.track(fakeJob('b', moved), 'tb', () => never);
    void jobs.track(fakeJob('c', moved, true), 'tc', () => never);
    const commits = new CommitGate();
    const committing = commits.commit(
      () =>
        new Promise<void>((done) =>
          setTimeout(() => {
            moved.push('commit ended');
            done();
          }, 40),
        ),
    );
    const outcome = await jobs.drain(never, 20, commits);
    assert.deepEqual(outcome, { drained: false, handedBack: 2, notHandedBack: 1 });
    assert.equal(moved[0], 'commit ended', 'the commit under way ended before anything was handed back');
    assert.deepEqual(moved.slice(1).sort(), ['a/ta', 'b/tb']);
    assert.equal(commits.closed, true);
    await committing;
  });
});
