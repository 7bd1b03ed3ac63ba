/** Wall time of consecutive phases, in seconds. */
export class PhaseClock {
  private last = performance.now();
  private readonly phases: Record<string, number> = {};

  lap(name: string): void {
    const now = performance.now();
    this.phases[name] = (now - this.last) / 1000;
    this.last = now;
  }

  laps(): Record<string, number> {
    return { ...this.phases };
  }
}
