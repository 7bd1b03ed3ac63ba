/**
 * The SKUs whose stock steps were re-queued most often because another worker held the item
 * (its lock or fence) over the last BUSY_WINDOW_MINUTES, by the database clock: a hot SKU, or a
 * holder that keeps it too long. One aggregate on `busy_skus` (index `busy_minute`).
 */
import { Injectable } from '@nestjs/common';
import { BusySkuRepository, DatabaseClock } from '@app/dal';
import type { BusySkusView } from './lock-views';

export const BUSY_WINDOW_MINUTES = 15;

@Injectable()
export class ReadBusySkus {
  constructor(
    private readonly busySkus: BusySkuRepository,
    private readonly clock: DatabaseClock,
  ) {}

  async execute(limit: number): Promise<BusySkusView> {
    // The current minute and the 14 before it.
    const since = new Date(this.clock.now().getTime() - (BUSY_WINDOW_MINUTES - 1) * 60_000);
    return { windowMinutes: BUSY_WINDOW_MINUTES, skus: await this.busySkus.top(since, limit) };
  }
}
