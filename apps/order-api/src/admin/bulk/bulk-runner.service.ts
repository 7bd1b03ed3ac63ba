/**
 * Runs bulk operator actions server-side, in bounded batches (BATCH orders, one lease renewal
 * and one progress write per batch), so that a browser tab closing or an API instance dying
 * never leaves one half done:
 *  - idempotent: every order gets at most one result per action (`<bulkId>:<orderId>`), orders
 *    that already have one are passed over, and each action is itself guarded by the order's
 *    state (a retried order is no longer FAILED; a cancelled one is no longer cancellable);
 *  - resumable: progress (the filter's cursor in newest-first order, or the offset in the id
 *    list) is saved after each batch; every instance looks for running actions whose lease
 *    ran out every SWEEP_MS (and at start) and goes on from the saved position.
 * A filter covers the orders created up to the moment the action started (`upTo`).
 * An order done just before a crash, before its result was written, is tried again on resume
 * and then refused by its own guard (recorded as SKIPPED with that code).
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { BulkActionRepository, DatabaseClock, OrderRepository, type BulkAction } from '@app/dal';
import { ApiError } from '../../http/api.error';
import { OperatorActions } from '../audit/operator-actions.use-case';

const BATCH = 50;
const LEASE_MS = 30_000;
const SWEEP_MS = 10_000;

@Injectable()
export class BulkRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BulkRunner.name);
  private readonly owner = randomUUID();
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    private readonly bulk: BulkActionRepository,
    private readonly orders: OrderRepository,
    private readonly actions: OperatorActions,
    private readonly clock: DatabaseClock,
  ) {}

  get ownerId(): string {
    return this.owner;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.resumeAbandoned(), SWEEP_MS);
    this.timer.unref();
    void this.resumeAbandoned();
  }

  /** Runs an action this instance just created (it holds its lease). */
  start(bulkId: string): void {
    this.launch(bulkId);
  }

  private launch(bulkId: string): void {
    if (this.running.has(bulkId) || this.stopping) return;
    const run = this.run(bulkId)
      .catch((error: unknown) => this.logger.warn(`bulk ${bulkId} paused (another instance or a restart resumes it): ${String(error)}`))
      .finally(() => this.running.delete(bulkId));
    this.running.set(bulkId, run);
  }

  private async resumeAbandoned(): Promise<void> {
    try {
      for (const bulkId of await this.bulk.abandoned(this.clock.now(), 10)) this.launch(bulkId);
    } catch (error) {
      this.logger.debug(`bulk sweep skipped: ${String(error)}`);
    }
  }

  private async run(bulkId: string): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const action = await this.bulk.claim(bulkId, this.owner, this.clock.now(), LEASE_MS);
      if (action === null) return; // done, or another instance holds it
      const { ids, next } = await this.nextBatch(action);
      let applied = 0;
      let skipped = 0;
      const done = await this.bulk.done(bulkId, ids);
      for (const orderId of ids) {
        if (done.has(orderId)) continue;
        const outcome = await this.applyOne(action, orderId);
        if (await this.bulk.recordResult({ bulkId, orderId, ...outcome, at: this.clock.now() })) {
          if (outcome.outcome === 'APPLIED') applied += 1;
          else skipped += 1;
        }
      }
      const finished = ids.length < BATCH;
      const saved = await this.bulk.advance(bulkId, this.owner, { ...next, applied, skipped, done: finished }, this.clock.now());
      if (!saved || finished) return;
    }
  }

  private async nextBatch(action: BulkAction): Promise<{ ids: string[]; next: { cursor: BulkAction['cursor']; offset: number } }> {
    if (action.ids !== undefined) {
      const ids = action.ids.slice(action.offset, action.offset + BATCH);
      return { ids, next: { cursor: null, offset: action.offset + ids.length } };
    }
    const page = await this.orders.list({ ...action.filter, limit: BATCH, sort: 'newest', before: action.cursor ?? { createdAt: action.upTo } });
    const last = page.at(-1);
    return { ids: page.map((order) => order._id), next: { cursor: last === undefined ? action.cursor : { createdAt: last.createdAt, orderId: last._id }, offset: action.offset + page.length } };
  }

  private async applyOne(action: BulkAction, orderId: string): Promise<{ outcome: 'APPLIED' | 'SKIPPED'; code?: string; message?: string }> {
    try {
      await this.actions.apply(action.action, orderId, { operator: action.operator, reason: action.reason, bulkId: action._id });
      return { outcome: 'APPLIED' };
    } catch (error) {
      if (error instanceof ApiError) return { outcome: 'SKIPPED', code: error.code, message: error.message };
      throw error; // the database or the queue: the batch stops here and is resumed later
    }
  }

  /** Lets the current batches finish their order; the lease then lapses and another instance resumes. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }
}
