/**
 * Group commit of stock work. Every inventory job hands its request here; while a pass is
 * running, the requests that arrive wait for the next one, which serves all of them at once:
 * one command takes every SKU's TTL lock, two take and read their fences, one writes the ledger
 * entries, one writes each SKU's change (one guarded statement per SKU, whatever the number of
 * orders on it), one releases the locks. A hot SKU is a stream of batches instead of a storm of
 * lock bounces, and a pass costs the same six commands for one order or a hundred.
 *
 * Nothing waits for a lock: a SKU whose lock (or fence lease) another worker holds answers BUSY
 * at once, and the job is re-queued (seed 004). Batching only gathers requests that are already
 * waiting behind the running pass, or, with no pass running, that arrive over the event-loop turns
 * a batch gathers for (`afterGatheringTurns`: turns, never a timer); it never holds one back
 * longer.
 *
 * Correctness does not rest on this process's memory: every write is guarded in the database
 * (lock filter, fence, holds, `available >= qty`, ledger states), so two processes, a duplicate
 * job or a holder that paused past its lock change nothing they should not.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { WorkerConfig } from '@app/config';
import { DatabaseClock, InventoryLockRepository, InventoryRepository, ReservationRepository, type FencedStock } from '@app/dal';
import { afterGatheringTurns } from '@app/batching';
import { WORKER_CONFIG } from '@app/saga';
import { isFenced, planLedger, planStock, type FencedSkus } from './stock-pass.plan';
import type { StockAnswer, StockRequest } from './stock-request';

interface Waiting {
  readonly request: StockRequest;
  readonly resolve: (answer: StockAnswer) => void;
  readonly reject: (error: unknown) => void;
}

/** Upper bound of requests served by one pass (keeps each command's size bounded). */
const MAX_PASS_REQUESTS = 256;

@Injectable()
export class StockPasses {
  private readonly logger = new Logger(StockPasses.name);
  private readonly processId = randomUUID();
  private waiting: Waiting[] = [];
  private passes = 0;
  private running = false;

  constructor(
    private readonly locks: InventoryLockRepository,
    private readonly inventory: InventoryRepository,
    private readonly reservations: ReservationRepository,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
    private readonly clock: DatabaseClock,
  ) {}

  submit(request: StockRequest): Promise<StockAnswer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      if (!this.running && this.waiting.length === 1) afterGatheringTurns(() => this.next());
    });
  }

  private next(): void {
    if (this.running || this.waiting.length === 0) return;
    this.running = true;
    void this.run(this.takeBatch()).finally(() => {
      this.running = false;
      this.next();
    });
  }

  /**
   * The requests of the next pass, in arrival order: duplicates (same step of the same order)
   * share one answer; a different step of an order already in the pass waits for the next one.
   */
  private takeBatch(): Map<string, Waiting[]> {
    const batch = new Map<string, Waiting[]>();
    const kindOf = new Map<string, string>();
    const later: Waiting[] = [];
    for (const waiting of this.waiting) {
      const { kind, orderId } = waiting.request;
      const key = `${kind}:${orderId}`;
      const sameKey = batch.get(key);
      if (sameKey !== undefined) sameKey.push(waiting);
      else if (kindOf.has(orderId) || batch.size >= MAX_PASS_REQUESTS) later.push(waiting);
      else {
        batch.set(key, [waiting]);
        kindOf.set(orderId, kind);
      }
    }
    this.waiting = later;
    return batch;
  }

  private async run(batch: Map<string, Waiting[]>): Promise<void> {
    const groups = [...batch.values()];
    const requests = groups.map((group) => (group[0]).request);
    const owner = `${this.processId}:${(this.passes += 1)}`;
    let held = new Set<string>();
    try {
      const now = this.clock.now();
      const until = new Date(now.getTime() + this.config.lockTtlMs);
      const skus = [...new Set(requests.flatMap((request) => request.items.map((item) => item.sku)))].sort();
      held = await this.locks.acquireMany(skus, owner, until, now);
      const fenced = await this.fence(requests, skus, held, owner, until, now);
      const ledger = planLedger(requests, fenced);
      const outcomes = await this.reservations.record(ledger.entries, now);
      const stock = planStock(requests, fenced, ledger, outcomes);
      const changed = new Set(stock.changes.map((change) => change.sku));
      const leaseOnly = [...fenced].filter(([sku, state]) => isFenced(state) && !changed.has(sku)).map(([sku]) => sku);
      const kept = await this.inventory.applyChanges(stock.changes, leaseOnly, owner, now);
      groups.forEach((group, index) => {
        const planned = stock.answers.get(index) ?? { kind: 'FAILED', message: 'no answer' };
        const lost = planned.kind === 'DONE' ? lostSku(requests[index], fenced, kept) : undefined;
        const answer: StockAnswer = lost !== undefined ? { kind: 'FAILED', message: `lost the lock on ${lost} (fenced)` } : planned;
        for (const waiting of group) waiting.resolve(answer);
      });
    } catch (error) {
      // Give up the fences and the locks first, so that the jobs' retries find the SKUs free.
      await this.inventory.endLeases([...held], owner).catch((failure: unknown) => this.logger.warn(`could not end fence leases: ${String(failure)}`));
      await this.releaseLocks(held, owner);
      held = new Set();
      for (const group of groups) for (const waiting of group) waiting.reject(error);
    } finally {
      await this.releaseLocks(held, owner);
    }
  }

  /** A lock we fail to release expires by itself after LOCK_TTL_MS. */
  private async releaseLocks(skus: ReadonlySet<string>, owner: string): Promise<void> {
    await this.locks.releaseMany([...skus], owner).catch((error: unknown) => this.logger.warn(`could not release item locks: ${String(error)}`));
  }

  /** Fences and reads the SKUs of every request whose locks are all held; the others are BUSY. */
  private async fence(requests: readonly StockRequest[], skus: readonly string[], held: ReadonlySet<string>, owner: string, until: Date, now: Date): Promise<FencedSkus> {
    const fenced = new Map<string, FencedStock | null | 'BUSY'>(skus.map((sku) => [sku, 'BUSY']));
    const ready = requests.filter((request) => request.items.every((item) => held.has(item.sku)));
    const wanted = [...new Set(ready.flatMap((request) => request.items.map((item) => item.sku)))];
    if (wanted.length === 0) return fenced;
    const orderIds = [...new Set(ready.map((request) => request.orderId))];
    for (const [sku, state] of await this.inventory.takeFences(wanted, owner, until, orderIds, now)) fenced.set(sku, state);
    return fenced;
  }
}

/**
 * A DONE answer rests on what the pass read of every SKU it fenced: if another holder took one of
 * those fences before the pass ended, it may have written since (e.g. a stale reserve's hold that
 * a release read as absent), so the answer cannot stand — the job retries and reads again.
 */
function lostSku(request: StockRequest | undefined, fenced: FencedSkus, kept: ReadonlySet<string>): string | undefined {
  return request?.items.find((item) => isFenced(fenced.get(item.sku)) && !kept.has(item.sku))?.sku;
}
