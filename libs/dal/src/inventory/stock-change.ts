/** What one pass of the inventory worker changes on one SKU, in one guarded write. */
export interface HoldChange {
  readonly orderId: string;
  readonly quantity: number;
}

export interface StockChange {
  readonly sku: string;
  /** The fence the pass took; the write requires it (and the pass's fence lease). */
  readonly fence: number;
  /** New holds: `available -= q`, `reserved += q`; each requires the order's hold to be absent. */
  readonly reserve: readonly HoldChange[];
  /** Held → sold: `reserved -= q`, `sold += q`; each requires the order's hold of exactly q. */
  readonly commit: readonly HoldChange[];
  /** Held → available: `reserved -= q`, `available += q`; each requires the order's hold of exactly q. */
  readonly release: readonly HoldChange[];
}

/** A SKU as a pass sees it once it holds the SKU's lock and fence. */
export interface FencedStock {
  readonly sku: string;
  readonly fence: number;
  readonly available: number;
  readonly unitPrice: number;
  /** Holds of the orders the pass asked about (absent = no hold). */
  readonly holds: Readonly<Record<string, number>>;
}
