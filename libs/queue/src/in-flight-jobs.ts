/**
 * The jobs a worker process is running now, each with its lock token, so that shutdown can wait
 * for them and hand back the ones that outlast the grace period.
 *
 * Contract of `drain(closing, msLeft, commits)`: `closing` is BullMQ's `worker.close()` (no new
 * job is taken; it resolves once the running jobs have ended and the connections are closed). If
 * it has not resolved within `msLeft`, the commit gate is closed first (no step of this process
 * writes its transition from then on; the commits under way end), then every job still running
 * is moved from active back to the front of the wait list with its own lock token
 * (`Job.moveToWait`), so another worker takes it at once instead of after the stalled-job check
 * (JOB_LOCK_MS). A handler still running here may finish later, and a step of a handed-back batch
 * job that waited for a step slot never starts: neither commits (the gate is closed), so the
 * replacement's run is the one that commits, and dispatches what comes next while its
 * connections are open. Returns what happened, for the log.
 */
import type { Job } from 'bullmq';
import type { CommitGate } from '@app/lifecycle';

export interface DrainOutcome {
  /** Every running job ended within the time given. */
  readonly drained: boolean;
  /** Jobs moved back to the wait list. */
  readonly handedBack: number;
  /** Jobs that could not be moved back (already finished, lock lost): the stalled-job check covers them. */
  readonly notHandedBack: number;
}

export class InFlightJobs {
  private readonly running = new Map<string, { readonly job: Job; readonly token: string }>();

  get size(): number {
    return this.running.size;
  }

  /** Runs `work` for `job`, tracked as in flight until it settles. */
  async track<T>(job: Job, token: string | undefined, work: () => Promise<T>): Promise<T> {
    const key = `${job.id ?? ''}:${token ?? ''}`;
    if (token !== undefined) this.running.set(key, { job, token });
    try {
      return await work();
    } finally {
      this.running.delete(key);
    }
  }

  async drain(closing: Promise<void>, msLeft: number, commits: CommitGate): Promise<DrainOutcome> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((done) => {
      timer = setTimeout(() => done(false), msLeft);
    });
    const drained = await Promise.race([closing.then(() => true as const), timedOut]);
    clearTimeout(timer);
    if (drained) return { drained: true, handedBack: 0, notHandedBack: 0 };
    await commits.close();
    const results = await Promise.allSettled([...this.running.values()].map(({ job, token }) => job.moveToWait(token)));
    const handedBack = results.filter((result) => result.status === 'fulfilled').length;
    return { drained: false, handedBack, notHandedBack: results.length - handedBack };
  }
}
