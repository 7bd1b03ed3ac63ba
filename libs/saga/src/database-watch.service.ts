/**
 * The worker's database watch. Contract:
 *  - `unavailable(error)`: something this process asked of MongoDB got no answer (the step runner
 *    or the recovery sweep met `isDatabaseUnavailable`). The first report stops every attached
 *    job intake at once (the BullMQ worker takes no new job; the jobs already running are not
 *    waited for: they meet the outage too and go back to the delayed set), then probes the
 *    database with `ping`, first after `probeDelayMs`, doubling up to `probeMaxDelayMs` between
 *    probes. The first answer resumes every intake. Reports while down change nothing.
 *  - `available`: false from the first report until a probe is answered (the sweep skips then).
 *  - `stop()`: no more probes (shutdown); intakes stay as they are.
 * Its only I/O is the given `ping`, its only waits the given `sleep` (unit-testable without either).
 */
import { Logger, type OnApplicationShutdown } from '@nestjs/common';

/** What the watch stops and starts: a queue consumer's intake of new jobs. */
export interface JobIntake {
  pause(): Promise<void>;
  resume(): void;
}

export interface DatabaseWatchSettings {
  /** Wait before the first probe of an outage; doubles after each unanswered probe. */
  readonly probeDelayMs: number;
  /** Ceiling of that wait. */
  readonly probeMaxDelayMs: number;
}

export type Sleep = (ms: number) => Promise<void>;

const sleepUnref: Sleep = (ms) => new Promise((done) => setTimeout(done, ms).unref());

export class DatabaseWatch implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseWatch.name);
  private readonly intakes: JobIntake[] = [];
  private down = false;
  private probing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly ping: () => Promise<void>,
    private readonly settings: DatabaseWatchSettings,
    private readonly sleep: Sleep = sleepUnref,
  ) {}

  get available(): boolean {
    return !this.down;
  }

  attach(intake: JobIntake): void {
    this.intakes.push(intake);
    if (!this.available) this.pause(intake);
  }

  unavailable(error: unknown): void {
    if (this.down || this.stopped) return;
    this.down = true;
    this.logger.warn(`database unavailable, taking no new jobs until it answers: ${String(error)}`);
    for (const intake of this.intakes) this.pause(intake);
    this.probing = this.probeUntilAnswered();
  }

  /** Resolves when the current outage (if any) has ended or the watch was stopped. */
  settled(): Promise<void> {
    return this.probing;
  }

  stop(): void {
    this.stopped = true;
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  private async probeUntilAnswered(): Promise<void> {
    const began = performance.now();
    let delayMs = this.settings.probeDelayMs;
    for (let probes = 1; ; probes += 1) {
      await this.sleep(delayMs);
      if (this.stopped) return;
      try {
        await this.ping();
      } catch {
        delayMs = Math.min(this.settings.probeMaxDelayMs, delayMs * 2);
        continue;
      }
      if (this.stopped) return;
      this.down = false;
      this.logger.warn(`database answers again after ${Math.round(performance.now() - began)} ms (${probes} probes): taking jobs`);
      for (const intake of this.intakes) intake.resume();
      return;
    }
  }

  private pause(intake: JobIntake): void {
    intake.pause().catch((error: unknown) => this.logger.error(`could not pause a job intake: ${String(error)}`));
  }
}
