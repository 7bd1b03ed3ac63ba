/**
 * One SKU's stock. `available + reserved + sold` only changes by an operator's stock update.
 * `holds` maps order id -> quantity for the reservations currently held (removed when released
 * or committed; it never grows with history).
 *
 * The fence: a holder of the SKU's TTL lock takes the next `fence` number in a write that only
 * succeeds while no other holder's fence lease (`fenceOwner` until `fenceUntil`, the same
 * instant its lock expires) is live, and every stock write requires that number. So a holder
 * whose lock expired can neither write with its old fence once another holder has taken a new
 * one, nor take a new fence that would shut the legal holder out. The counter lives here, not on
 * the lock document, so it stays monotonic although the TTL monitor deletes expired locks.
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
  readonly fenceOwner?: string;
  readonly fenceUntil?: Date;
  /**
   * Goes up by one with every change of the stock figures (an operator's set or adjustment, a
   * stock pass's change); absent = 0. An operator's absolute set may require it (`If-Match`), so
   * that a set computed from figures that have moved since is refused.
   */
  readonly version?: number;
  readonly updatedAt: Date;
}
