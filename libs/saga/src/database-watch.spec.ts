/**
 * The database watch's pause / probe / resume logic with a fake ping and a fake sleep (no I/O,
 * no timers): the intakes stop at the first report, probes back off, the first answer resumes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Logger } from '@nestjs/common';
import { DatabaseWatch, type JobIntake } from './database-watch.service';

Logger.overrideLogger(false);

class FakeIntake implements JobIntake {
  readonly calls: string[] = [];
  pause(): Promise<void> {
    this.calls.push('pause');
    return Promise.resolve();
  }
  resume(): void {
    this.calls.push('resume');
  }
}

/** A sleep that waits until the test lets it go, recording every delay asked for. */
class FakeSleep {
  readonly delays: number[] = [];
  private wake: (() => void) | undefined;
  readonly sleep = (ms: number): Promise<void> => {
    this.delays.push(ms);
    return new Promise((done) => (this.wake = done));
  };
  /** Ends the current sleep and lets the probe that follows it run. */
  async elapse(): Promise<void> {
    const wake = this.wake;
    this.wake = undefined;
    assert.ok(wake, 'the watch is sleeping');
    wake();
    for (let i = 0; i < 10; i += 1) await Promise.resolve();
  }
}

/** A database that answers once `up` is set; counts the pings it receives. */
function fakeDatabase(): { ping: () => Promise<void>; state: { up: boolean; pings: number } } {
  const state = { up: false, pings: 0 };
  return {
    state,
    ping: () => {
      state.pings += 1;
      return state.up ? Promise.resolve() : Promise.reject(new Error('server selection timed out'));
    },
  };
}

const SETTINGS = { probeDelayMs: 250, probeMaxDelayMs: 2_000 };

describe('DatabaseWatch', () => {
  it('pauses every intake at the first report, backs its probes off, and resumes them at the first answer', async () => {
    const database = fakeDatabase();
    const clock = new FakeSleep();
    const watch = new DatabaseWatch(database.ping, SETTINGS, clock.sleep);
    const first = new FakeIntake();
    const second = new FakeIntake();
    watch.attach(first);
    watch.attach(second);
    assert.equal(watch.available, true);

    watch.unavailable(new Error('socket timed out'));
    watch.unavailable(new Error('pool cleared'));
    assert.equal(watch.available, false);
    assert.deepEqual(first.calls, ['pause'], 'paused once, however many jobs meet the outage');
    assert.deepEqual(second.calls, ['pause']);

    for (let i = 0; i < 5; i += 1) await clock.elapse();
    assert.equal(database.state.pings, 5);
    assert.deepEqual(clock.delays, [250, 500, 1_000, 2_000, 2_000, 2_000], 'doubling, capped');
    assert.equal(watch.available, false);
    assert.deepEqual(first.calls, ['pause'], 'no resume while the database does not answer');

    database.state.up = true;
    await clock.elapse();
    await watch.settled();
    assert.equal(watch.available, true);
    assert.deepEqual(first.calls, ['pause', 'resume']);
    assert.deepEqual(second.calls, ['pause', 'resume']);
    assert.equal(database.state.pings, 6);
  });

  it('starts the next outage afresh: pauses again and probes from the first delay', async () => {
    const database = fakeDatabase();
    const clock = new FakeSleep();
    const watch = new DatabaseWatch(database.ping, SETTINGS, clock.sleep);
    const intake = new FakeIntake();
    watch.attach(intake);
    watch.unavailable(new Error('down'));
    await clock.elapse();
    database.state.up = true;
    await clock.elapse();
    await watch.settled();

    database.state.up = false;
    watch.unavailable(new Error('down again'));
    assert.equal(watch.available, false);
    database.state.up = true;
    await clock.elapse();
    await watch.settled();
    assert.deepEqual(intake.calls, ['pause', 'resume', 'pause', 'resume']);
    assert.deepEqual(clock.delays, [250, 500, 250]);
  });

  it('pauses an intake attached during an outage; once stopped it neither probes nor resumes', async () => {
    const database = fakeDatabase();
    const clock = new FakeSleep();
    const watch = new DatabaseWatch(database.ping, SETTINGS, clock.sleep);
    watch.unavailable(new Error('down'));
    const late = new FakeIntake();
    watch.attach(late);
    assert.deepEqual(late.calls, ['pause']);

    watch.stop();
    database.state.up = true;
    await clock.elapse();
    await watch.settled();
    assert.equal(database.state.pings, 0);
    assert.deepEqual(late.calls, ['pause'], 'shutting down: the intake is left paused');
  });

  it('takes no notice of reports once stopped', () => {
    const watch = new DatabaseWatch(fakeDatabase().ping, SETTINGS, new FakeSleep().sleep);
    const intake = new FakeIntake();
    watch.attach(intake);
    watch.stop();
    watch.unavailable(new Error('down'));
    assert.equal(watch.available, true);
    assert.deepEqual(intake.calls, []);
  });
});
