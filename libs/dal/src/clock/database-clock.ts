/**
 * The database's clock, as every lease and stamp must use it: lock and fence expiry, outbox
 * leases, the recovery lease, the sweep's cutoff and the `dispatchedAt` / `createdAt` stamps it
 * compares. A worker whose own clock is off by minutes would otherwise block a SKU for that long
 * or hide a stuck saga from the sweep. The offset to the server's `localTime` (from `hello`, taken
 * at the midpoint of the round trip) is measured at start-up and every SYNC_INTERVAL_MS; `now()`
 * is then this process's clock plus that offset, with no round trip of its own.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Db } from 'mongodb';
import { MONGO_DB } from '../mongo.tokens';

const SYNC_INTERVAL_MS = 60_000;

/** This process's clock (a test may pass a skewed one). */
export type LocalClock = () => number;

@Injectable()
export class DatabaseClock implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DatabaseClock.name);
  private offsetMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private local: LocalClock = Date.now;

  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  /** A clock on top of another local clock than this process's (tests of skew). */
  static over(db: Db, local: LocalClock): DatabaseClock {
    const clock = new DatabaseClock(db);
    clock.local = local;
    return clock;
  }

  now(): Date {
    return new Date(this.local() + this.offsetMs);
  }

  /** Measures the offset to the server's clock; keeps the last one when the server does not answer. */
  async sync(): Promise<void> {
    const sent = this.local();
    const reply = await this.db.command({ hello: 1 });
    const received = this.local();
    if (!(reply['localTime'] instanceof Date)) return;
    this.offsetMs = reply['localTime'].getTime() - (sent + received) / 2;
  }

  async onModuleInit(): Promise<void> {
    await this.sync().catch((error: unknown) => this.logger.warn(`could not read the database's clock (using this process's): ${String(error)}`));
    this.timer = setInterval(() => void this.sync().catch(() => undefined), SYNC_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
