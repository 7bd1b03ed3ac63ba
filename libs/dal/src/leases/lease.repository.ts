/**
 * Named leases: at most one holder of a name until its `until` passes (seed 000: claim work once
 * across scaled instances). Taking or renewing is one upsert whose filter matches only a free
 * (expired) or own lease; a lease held by someone else makes the insert collide on `_id`
 * (E11000), the normal "someone else has it" answer. Expiry is decided in the filter.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { isDuplicateKeyError } from '../mongo-errors';
import { DatabaseClock } from '../clock/database-clock';

interface Lease {
  readonly _id: string;
  readonly owner: string;
  readonly until: Date;
}

@Injectable()
export class LeaseRepository {
  private readonly leases: Collection<Lease>;

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly clock: DatabaseClock,
  ) {
    this.leases = db.collection<Lease>(COLLECTION.LEASES);
  }

  /** True when `owner` holds (took or renewed) the lease `name` for `ttlMs` from now. */
  async hold(name: string, owner: string, ttlMs: number, now = this.clock.now()): Promise<boolean> {
    try {
      await this.leases.updateOne({ _id: name, $or: [{ until: { $lte: now } }, { owner }] }, { $set: { owner, until: new Date(now.getTime() + ttlMs) } }, { upsert: true });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
