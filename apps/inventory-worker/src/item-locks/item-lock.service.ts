/**
 * Holds the TTL locks of several SKUs for the length of one callback. Locks are taken in a fixed
 * order (sorted SKUs) without waiting: if any is busy, those already taken are released and
 * `LockBusyError` tells the job to come back later. Each held item gets a fresh fence (null when
 * the SKU does not exist); stock writes must carry it. Locks are released by owner in `finally`.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { InventoryLockRepository, InventoryRepository } from '@app/dal';
import { LockBusyError } from '@app/domain';
import type { WorkerConfig } from '@app/config';
import { WORKER_CONFIG } from '@app/saga';

export type Fences = ReadonlyMap<string, number | null>;

@Injectable()
export class ItemLockService {
  private readonly logger = new Logger(ItemLockService.name);

  constructor(
    private readonly locks: InventoryLockRepository,
    private readonly inventory: InventoryRepository,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async withLocks<T>(skus: readonly string[], work: (fences: Fences) => Promise<T>): Promise<T> {
    const ordered = [...new Set(skus)].sort();
    const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
    const held: string[] = [];
    try {
      for (const sku of ordered) {
        if (!(await this.locks.tryAcquire(sku, owner, this.config.lockTtlMs))) throw new LockBusyError(`item ${sku}`);
        held.push(sku);
      }
      const fences = new Map<string, number | null>();
      for (const sku of ordered) fences.set(sku, await this.inventory.nextFence(sku));
      return await work(fences);
    } finally {
      await this.releaseAll(held, owner);
    }
  }

  private async releaseAll(skus: readonly string[], owner: string): Promise<void> {
    for (const sku of skus) {
      // A lock we fail to release expires by itself after LOCK_TTL_MS; never hide the step's own error.
      await this.locks.release(sku, owner).catch((error: unknown) => this.logger.warn(`could not release lock ${sku}: ${String(error)}`));
    }
  }
}
