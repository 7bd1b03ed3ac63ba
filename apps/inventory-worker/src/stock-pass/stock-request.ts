/** What a saga step asks of a stock pass, and what the pass answers. */
import type { OrderReason } from '@app/contracts';
import type { OrderItem } from '@app/domain';

export type StockRequestKind = 'RESERVE' | 'COMMIT' | 'RELEASE';

export interface StockRequest {
  readonly kind: StockRequestKind;
  readonly orderId: string;
  readonly items: readonly OrderItem[];
}

export type StockAnswer =
  /** Done (for RESERVE: every item held, and the order's amount from the unit prices). */
  | { readonly kind: 'DONE'; readonly amount: number }
  /**
   * A final business failure: nothing was held by this pass. `nothingHeld`: the ledger proves the
   * order holds nothing on any of its items, now or later (every one is REJECTED), so there is
   * nothing for RELEASE_STOCK to give back.
   */
  | { readonly kind: 'REJECTED'; readonly reason: OrderReason; readonly message: string; readonly nothingHeld: boolean }
  /** An item's lock or fence is held by another worker: come back later. */
  | { readonly kind: 'BUSY'; readonly sku: string }
  /** Technical: retry the step (e.g. fenced out, or the ledger says the saga moved on). */
  | { readonly kind: 'FAILED'; readonly message: string };
