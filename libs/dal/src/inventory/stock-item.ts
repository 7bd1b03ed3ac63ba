/**
 * One SKU's stock. `available + reserved + sold` only changes by an operator's stock update.
 * `holds` maps order id -> quantity for the reservations currently held (removed when released
 * or committed; it never grows with history). `fence` is bumped by every lock holder before it
 * writes, and every write requires the holder's fence, so a holder whose lock expired mid-way
 * can no longer change the item.
 */
export interface StockItem {
  readonly _id: string;
  readonly available: number;
  readonly reserved: number;
  readonly sold: number;
  /** Price of one unit in minor units (cents). */
  readonly unitPrice: number;
  readonly holds: Readonly<Record<string, number>>;
  readonly fence: number;
  readonly updatedAt: Date;
}
