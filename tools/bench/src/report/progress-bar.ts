/**
 * The live line on stderr while a run goes: a bar of terminal orders, completed, cancelled,
 * failed, in flight, and orders/s over the last two seconds. Drawn only on a TTY and never with
 * --quiet; it reads the load generator's counters (no queries of its own).
 */
import { ORDER_STATUS } from '@app/contracts';
import type { LoadProgress } from '../load/load-generator';

const REDRAW_MS = 200;
const RATE_WINDOW_MS = 2_000;

export class ProgressBar {
  private timer: NodeJS.Timeout | undefined;
  private samples: { at: number; terminal: number }[] = [];

  constructor(
    private readonly stream: NodeJS.WriteStream,
    /** Draw the bar (a TTY and not --quiet). */
    private readonly enabled: boolean,
    /** Print notes (not --quiet). */
    private readonly notes: boolean,
  ) {}

  static for(stream: NodeJS.WriteStream, quiet: boolean): ProgressBar {
    return new ProgressBar(stream, !quiet && stream.isTTY === true, !quiet);
  }

  start(label: string, source: () => LoadProgress): void {
    if (!this.enabled) return;
    this.samples = [];
    this.timer = setInterval(() => this.draw(label, source()), REDRAW_MS);
  }

  stop(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.stream.write('\r\x1b[2K');
  }

  /** A line printed above the bar (or plainly when there is no bar). */
  note(text: string): void {
    if (!this.notes) return;
    this.stream.write(this.enabled ? `\r\x1b[2K${text}\n` : `${text}\n`);
  }

  private draw(label: string, progress: LoadProgress): void {
    const now = Date.now();
    this.samples.push({ at: now, terminal: progress.terminal });
    while (this.samples.length > 1 && (this.samples[0]?.at ?? now) < now - RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0];
    const rate = first !== undefined && now > first.at ? ((progress.terminal - first.terminal) * 1000) / (now - first.at) : 0;
    const status = progress.byStatus;
    const text =
      `${progress.terminal}/${progress.total}  completed ${status[ORDER_STATUS.COMPLETED] ?? 0}  cancelled ${status[ORDER_STATUS.CANCELLED] ?? 0}` +
      `  failed ${status[ORDER_STATUS.FAILED] ?? 0}  in flight ${progress.inFlight}  ${rate.toFixed(0)} orders/s  ${(progress.elapsedMs / 1000).toFixed(1)}s`;
    const width = Math.max(10, Math.min(40, (this.stream.columns ?? 120) - text.length - label.length - 6));
    const done = Math.round((progress.terminal / Math.max(1, progress.total)) * width);
    this.stream.write(`\r\x1b[2K${label} [${'='.repeat(done)}${' '.repeat(width - done)}] ${text}`);
  }
}
