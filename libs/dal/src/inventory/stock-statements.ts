/**
 * The guarded single-document statements of a stock pass (see InventoryRepository). Each is one
 * atomic update whose filter carries every guard; the arithmetic is `$inc`.
 */
import type { AnyBulkWriteOperation } from 'mongodb';
import type { StockItem } from './stock-item';
import type { HoldChange, StockChange } from './stock-change';

/** `fenceUntil` of a lease its owner has ended: free for the next lock holder at once. */
export const LEASE_RELEASED = new Date(0);

/** Next fence, only while no other holder's lease is live (or it is ours). */
export function fenceTakeStatement(sku: string, owner: string, until: Date, now: Date): AnyBulkWriteOperation<StockItem> {
  return {
    updateOne: {
      filter: { _id: sku, $or: [{ fenceUntil: { $lte: now } }, { fenceUntil: { $exists: false } }, { fenceOwner: owner }] },
      update: { $inc: { fence: 1 }, $set: { fenceOwner: owner, fenceUntil: until } },
    },
  };
}

/** Ends the pass's lease on a SKU it fenced but does not change. */
export function leaseReleaseStatement(sku: string, owner: string): AnyBulkWriteOperation<StockItem> {
  return { updateOne: { filter: { _id: sku, fenceOwner: owner }, update: { $set: { fenceUntil: LEASE_RELEASED } } } };
}

function total(changes: readonly HoldChange[]): number {
  return changes.reduce((sum, change) => sum + change.quantity, 0);
}

/** One SKU's whole change: guarded by fence, lease, holds and available stock; ends the lease. */
export function stockChangeStatement(change: StockChange, owner: string, now: Date): AnyBulkWriteOperation<StockItem> {
  const reserved = total(change.reserve);
  const released = total(change.release);
  const committed = total(change.commit);
  const filter: Record<string, unknown> = { _id: change.sku, fence: change.fence, fenceOwner: owner };
  if (reserved - released > 0) filter['available'] = { $gte: reserved - released };
  const set: Record<string, unknown> = { updatedAt: now, fenceUntil: LEASE_RELEASED };
  const unset: Record<string, ''> = {};
  for (const hold of change.reserve) {
    filter[`holds.${hold.orderId}`] = { $exists: false };
    set[`holds.${hold.orderId}`] = hold.quantity;
  }
  for (const hold of [...change.commit, ...change.release]) {
    filter[`holds.${hold.orderId}`] = hold.quantity;
    unset[`holds.${hold.orderId}`] = '';
  }
  const update: Record<string, unknown> = {
    $inc: { available: released - reserved, reserved: reserved - released - committed, sold: committed, version: 1 },
    $set: set,
  };
  if (Object.keys(unset).length > 0) update['$unset'] = unset;
  return { updateOne: { filter: filter, update } };
}
