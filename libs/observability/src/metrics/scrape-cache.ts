/**
 * A value read at most once per `ttlMs`, for gauges computed on scrape: however many scrapers
 * (Prometheus replicas, a curl) ask, and however often, the source (a Redis or MongoDB query) runs
 * at most once per period, and concurrent asks share one read. A failed read is not kept.
 */
export class ScrapeCache<T> {
  private value: { readonly at: number; readonly reading: Promise<T> } | undefined;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly ttlMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get(): Promise<T> {
    const now = this.now();
    if (this.value !== undefined && now - this.value.at < this.ttlMs) return this.value.reading;
    const reading = this.read();
    const entry = { at: now, reading };
    this.value = entry;
    reading.catch(() => {
      if (this.value === entry) this.value = undefined;
    });
    return reading;
  }
}
