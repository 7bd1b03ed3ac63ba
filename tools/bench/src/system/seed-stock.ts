/** Creates the scenario's SKUs through the product's own repository (the operator's "set stock"). */
import type { Db } from 'mongodb';
import { InventoryRepository } from '@app/dal';
import type { StockPlan } from '../scenario/scenario';

const PARALLEL = 32;

export async function seedStock(db: Db, stock: readonly StockPlan[]): Promise<void> {
  const inventory = new InventoryRepository(db);
  for (let start = 0; start < stock.length; start += PARALLEL) {
    await Promise.all(stock.slice(start, start + PARALLEL).map((item) => inventory.setStock(item.sku, item.available, item.unitPrice)));
  }
}
