/**
 * Did the run sell stock it did not have? Per SKU, against the stock it was seeded with:
 *
 * - oversoldUnits: units in COMPLETED orders beyond the initial stock — customers were promised
 *   goods that do not exist. The headline figure (0 for the product, whatever the load);
 * - invariant violations on the stock document: `sold + reserved > initial` or `available < 0`;
 * - conservationGap: |available + reserved + sold - initial|, summed — units that appeared or
 *   vanished through lost updates (0 when every change was atomic).
 */
import type { Db } from 'mongodb';
import { ORDER_STATUS } from '@app/contracts';
import { COLLECTION } from '@app/dal';
import type { StockPlan } from '../scenario/scenario';
import type { FinalOrder } from './final-orders';

export interface StockCheck {
  readonly skus: number;
  readonly initialUnits: number;
  readonly available: number;
  readonly reserved: number;
  readonly sold: number;
  readonly unitsInCompletedOrders: number;
  readonly oversoldUnits: number;
  readonly skusOversold: number;
  readonly invariantViolations: number;
  readonly conservationGap: number;
  /** The first few SKUs that broke a rule, for the reader. */
  readonly examples: readonly string[];
  /** No oversell, no violation, no gap. */
  readonly ok: boolean;
}

interface StockNumbers {
  readonly _id: string;
  readonly available: number;
  readonly reserved: number;
  readonly sold: number;
}

const EXAMPLES = 5;

export async function checkStock(db: Db, plan: readonly StockPlan[], orders: readonly FinalOrder[]): Promise<StockCheck> {
  const docs = await db.collection<StockNumbers>(COLLECTION.INVENTORY).find({}, { projection: { available: 1, reserved: 1, sold: 1 } }).toArray();
  const stored = new Map(docs.map((doc) => [doc._id, doc]));
  const completedUnits = new Map<string, number>();
  for (const order of orders) {
    if (order.saga.status !== ORDER_STATUS.COMPLETED) continue;
    for (const item of order.items) completedUnits.set(item.sku, (completedUnits.get(item.sku) ?? 0) + item.quantity);
  }
  const totals = { initialUnits: 0, available: 0, reserved: 0, sold: 0, unitsInCompletedOrders: 0, oversoldUnits: 0, skusOversold: 0, invariantViolations: 0, conservationGap: 0 };
  const examples: string[] = [];
  for (const { sku, available: initial } of plan) {
    const doc = stored.get(sku) ?? { _id: sku, available: 0, reserved: 0, sold: 0 };
    const completed = completedUnits.get(sku) ?? 0;
    const oversold = Math.max(0, completed - initial);
    const violated = doc.sold + doc.reserved > initial || doc.available < 0;
    const gap = Math.abs(doc.available + doc.reserved + doc.sold - initial);
    totals.initialUnits += initial;
    totals.available += doc.available;
    totals.reserved += doc.reserved;
    totals.sold += doc.sold;
    totals.unitsInCompletedOrders += completed;
    totals.oversoldUnits += oversold;
    totals.skusOversold += oversold > 0 ? 1 : 0;
    totals.invariantViolations += violated ? 1 : 0;
    totals.conservationGap += gap;
    if ((oversold > 0 || violated || gap > 0) && examples.length < EXAMPLES) {
      examples.push(`${sku}: initial ${initial}, completed ${completed}, available ${doc.available}, reserved ${doc.reserved}, sold ${doc.sold}`);
    }
  }
  return { skus: plan.length, ...totals, examples, ok: totals.oversoldUnits === 0 && totals.invariantViolations === 0 && totals.conservationGap === 0 };
}
