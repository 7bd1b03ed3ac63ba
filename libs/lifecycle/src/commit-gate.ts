/**
 * Keeps a worker's step commits and its hand-back apart. A step commits when it writes the saga's
 * transition and dispatches what comes next; the two belong together (a transition without its
 * dispatch leaves the saga with no job until the recovery sweep). At the hand-back a draining
 * worker moves its running jobs back to the queue for another worker and closes its connections
 * soon after, so from then on nothing of those jobs may commit here: the other worker's run commits
 * instead (every step is idempotent: the provider call is replayed under its idempotency key, the
 * stock writes are fenced).
 *
 * Contract:
 *  - `commit(work)`: runs `work` and returns what it returned, or `GATE_CLOSED` without running
 *    it once the gate is closed;
 *  - `close()`: no commit starts from now on; resolves when every commit under way has ended
 *    (settled either way), so that what is handed back next is either committed whole or not at all;
 *  - `closed`: whether `close()` was called (a step not yet started does not start).
 * No I/O.
 */
export const GATE_CLOSED: unique symbol = Symbol('commit gate closed');

export class CommitGate {
  private isClosed = false;
  private readonly underWay = new Set<Promise<unknown>>();

  get closed(): boolean {
    return this.isClosed;
  }

  async commit<T>(work: () => Promise<T>): Promise<T | typeof GATE_CLOSED> {
    if (this.isClosed) return GATE_CLOSED;
    const running = work();
    this.underWay.add(running);
    try {
      return await running;
    } finally {
      this.underWay.delete(running);
    }
  }

  async close(): Promise<void> {
    this.isClosed = true;
    await Promise.allSettled([...this.underWay]);
  }
}
