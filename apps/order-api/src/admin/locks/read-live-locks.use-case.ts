/**
 * The item locks held now (not expired by the database clock), soonest to expire first, each
 * with its SKU's current fence: two commands (the locks on `lock_ttl`, the fences by `$in` on
 * `_id`), bounded by LIVE_LOCKS_SHOWN. A lock lives for one stock pass (LOCK_TTL_MS at most), so
 * one that stays here is a stuck or paused holder.
 */
import { Injectable } from '@nestjs/common';
import { DatabaseClock, InventoryLockRepository, InventoryRepository } from '@app/dal';
import type { LiveLockView } from './lock-views';

export const LIVE_LOCKS_SHOWN = 200;

@Injectable()
export class ReadLiveLocks {
  constructor(
    private readonly locks: InventoryLockRepository,
    private readonly inventory: InventoryRepository,
    private readonly clock: DatabaseClock,
  ) {}

  async execute(): Promise<LiveLockView[]> {
    const now = this.clock.now();
    const locks = await this.locks.live(now, LIVE_LOCKS_SHOWN);
    const fences = new Map((await this.inventory.fencesOf(locks.map((lock) => lock._id))).map((item) => [item._id, item]));
    return locks.map((lock) => {
      const stock = fences.get(lock._id);
      return {
        sku: lock._id,
        owner: lock.owner,
        expiresInMs: Math.max(0, lock.expiresAt.getTime() - now.getTime()),
        acquiredAt: lock.acquiredAt,
        fence: stock?.fence ?? null,
        fenceOwner: stock?.fenceOwner ?? null,
      };
    });
  }
}
