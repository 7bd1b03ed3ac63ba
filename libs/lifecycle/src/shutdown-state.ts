/**
 * Whether this process is shutting down, and how much of its grace period is left.
 *
 * Contract:
 *  - `begin(signal)`: called once, at the first SIGTERM/SIGINT, before anything is closed; later
 *    calls change nothing. From then on `shuttingDown` is true (a readiness check answers "not
 *    ready", the API answers with `Connection: close`) and every `onBegin` listener has run.
 *  - `handBackAt` / `msUntilHandBack()`: when a worker stops waiting for its running jobs and
 *    hands them back to the queue: `graceMs` after the signal minus a margin (a quarter of the
 *    grace, at most 2 s) left for handing back and closing connections.
 *  - `commits`: the gate between a worker's step commits and its hand-back (see `CommitGate`):
 *    the drain closes it before it hands jobs back.
 *  - The process exits `graceMs` after the signal at the latest (see `installShutdown`).
 * No I/O; the clock is injectable for unit tests.
 */
import { CommitGate } from './commit-gate';

export type ShutdownListener = (signal: string) => void;

/** Time left for handing jobs back and closing connections after the drain: a quarter of the grace, at most this. */
const MAX_HAND_BACK_MARGIN_MS = 2_000;

export class ShutdownState {
  private startedAtMs: number | undefined;
  private readonly listeners: ShutdownListener[] = [];
  readonly commits = new CommitGate();

  constructor(
    readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get shuttingDown(): boolean {
    return this.startedAtMs !== undefined;
  }

  /** Epoch ms at which a draining worker hands back what still runs (undefined before shutdown). */
  get handBackAt(): number | undefined {
    if (this.startedAtMs === undefined) return undefined;
    return this.startedAtMs + this.graceMs - Math.min(MAX_HAND_BACK_MARGIN_MS, Math.floor(this.graceMs / 4));
  }

  msUntilHandBack(): number {
    const at = this.handBackAt;
    return at === undefined ? this.graceMs : Math.max(0, at - this.now());
  }

  /** Runs `listener` at the start of shutdown (at once if it has already started). */
  onBegin(listener: ShutdownListener): void {
    if (this.shuttingDown) listener('already');
    else this.listeners.push(listener);
  }

  begin(signal: string): void {
    if (this.shuttingDown) return;
    this.startedAtMs = this.now();
    for (const listener of this.listeners.splice(0)) listener(signal);
  }
}
