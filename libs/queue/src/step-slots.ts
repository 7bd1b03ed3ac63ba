/**
 * At most `limit` steps run at once in a process, whether each came in its own job or in a batch
 * job (BullMQ's concurrency counts jobs, and a batch job carries several steps). A step beyond the
 * limit waits for the next free slot, in arrival order.
 */
export class StepSlots {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Steps running or waiting for a slot. */
  get inUse(): number {
    return this.running + this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // A waiting step takes the slot over; otherwise it is freed.
      const next = this.waiting.shift();
      if (next !== undefined) next();
      else this.running -= 1;
    }
  }
}
