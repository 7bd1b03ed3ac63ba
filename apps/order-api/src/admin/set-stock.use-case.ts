/** An operator sets a SKU's available stock (creating it if new), recorded in the audit trail with who and why. */
import { Injectable } from '@nestjs/common';
import { AuditRepository, DatabaseClock, InventoryRepository, type StockItem } from '@app/dal';
import type { Actor } from './audit/operator-actions.use-case';

@Injectable()
export class SetStock {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly audit: AuditRepository,
    private readonly clock: DatabaseClock,
  ) {}

  async execute(sku: string, available: number, unitPrice: number | undefined, actor: Actor): Promise<StockItem> {
    const item = await this.inventory.setStock(sku, available, unitPrice);
    const price = unitPrice !== undefined ? `, unit price ${unitPrice}` : '';
    await this.audit.record({ at: this.clock.now(), operator: actor.operator, action: 'stock.set', sku, reason: actor.reason, outcome: `APPLIED (available ${available}${price})` });
    return item;
  }
}
