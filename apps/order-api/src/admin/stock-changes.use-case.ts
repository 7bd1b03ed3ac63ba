/**
 * An operator's stock changes, each recorded in the audit trail with who, what and why, and how
 * it ended (APPLIED with the figures, or the code that refused it):
 * - set: create a SKU or set its available stock; with the version the operator read
 *   (`If-Match`), only if the stock has not moved since (else STOCK_VERSION_MISMATCH);
 * - adjust: add or remove units, arithmetic in the database, never below zero.
 */
import { Injectable } from '@nestjs/common';
import { AuditRepository, DatabaseClock, InventoryRepository, type StockItem } from '@app/dal';
import { ApiError } from '../http/api.error';
import type { Actor } from './audit/operator-actions.use-case';

export interface StockSet {
  readonly available: number;
  readonly unitPrice?: number;
  /** The version the operator read; undefined = set whatever it is now. */
  readonly version?: number;
}

@Injectable()
export class StockChanges {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly audit: AuditRepository,
    private readonly clock: DatabaseClock,
  ) {}

  async set(sku: string, change: StockSet, actor: Actor): Promise<StockItem> {
    const now = this.clock.now();
    const item = change.version === undefined ? await this.inventory.setStock(sku, change.available, change.unitPrice, now) : await this.inventory.setStockIfVersion(sku, change.version, change.available, change.unitPrice, now);
    if (item === null) {
      await this.record('stock.set', sku, actor, 'STOCK_VERSION_MISMATCH');
      throw new ApiError('STOCK_VERSION_MISMATCH', `SKU ${sku} is not at version ${String(change.version)} (missing, or its stock moved since it was read): read it again`);
    }
    const price = change.unitPrice !== undefined ? `, unit price ${change.unitPrice}` : '';
    await this.record('stock.set', sku, actor, `APPLIED (available ${change.available}${price})`);
    return item;
  }

  async adjust(sku: string, delta: number, actor: Actor): Promise<StockItem> {
    const result = await this.inventory.adjustStock(sku, delta, this.clock.now());
    if (result === 'NOT_FOUND') throw new ApiError('NOT_FOUND', `SKU ${sku} not found`);
    if (result === 'WOULD_GO_NEGATIVE') {
      await this.record('stock.adjust', sku, actor, 'STOCK_WOULD_GO_NEGATIVE');
      throw new ApiError('STOCK_WOULD_GO_NEGATIVE', `SKU ${sku} has fewer than ${-delta} units available: nothing was removed`);
    }
    await this.record('stock.adjust', sku, actor, `APPLIED (${delta > 0 ? '+' : ''}${delta}, available ${result.available})`);
    return result;
  }

  private record(action: string, sku: string, actor: Actor, outcome: string): Promise<void> {
    return this.audit.record({ at: this.clock.now(), operator: actor.operator, action, sku, reason: actor.reason, outcome });
  }
}
