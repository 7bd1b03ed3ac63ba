/**
 * The reservation ledger: one document per order and SKU (`_id` = `<orderId>:<sku>`), the
 * permanent record that makes reserve/release/commit idempotent across retries and duplicates.
 * A release leaves a RELEASED tombstone even when nothing was reserved, so a late duplicate
 * reserve of a cancelled order can never hold stock again. A reserve turned down for lack of
 * stock leaves a REJECTED record on every item where there was none: it proves that nothing is,
 * or ever will be, held for that order and SKU, so the saga can skip releasing it. Records are never deleted by code:
 * once their order has ended COMPLETED or CANCELLED they expire, no sooner than the order
 * itself (see retention/finished-records.ts).
 *
 * `record` writes many entries in one command (an unordered bulk, one statement per entry),
 * each guarded by the state it may move from, and says what each one came to. On a duplicate
 * key error or an unmatched statement it re-reads the record: it never infers a state.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { DUPLICATE_KEY, bulkOutcome } from '../bulk-outcome';

/**
 * REJECTED: the order's reserve was turned down for lack of stock before anything was held for it.
 * Only ever inserted where no record was (so no RESERVED record, hence no hold, came before it)
 * and never changed by any statement (so none can come after it).
 */
export const RESERVATION_STATE = { RESERVED: 'RESERVED', RELEASED: 'RELEASED', COMMITTED: 'COMMITTED', REJECTED: 'REJECTED' } as const;
export type ReservationState = (typeof RESERVATION_STATE)[keyof typeof RESERVATION_STATE];

export interface Reservation {
  readonly _id: string;
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly state: ReservationState;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Set when its order ends COMPLETED or CANCELLED (RESERVATION_RETENTION_DAYS); removed after it. */
  readonly expiresAt?: Date;
}

/**
 * RESERVE: a RESERVED record (kept if one is there already).
 * COMMIT: RESERVED → COMMITTED (an already COMMITTED record is kept).
 * RELEASE: a RELEASED tombstone, unless the record is COMMITTED or REJECTED.
 * REJECT: a REJECTED record where there is none (one already REJECTED is kept).
 */
export type LedgerAction = 'RESERVE' | 'COMMIT' | 'RELEASE' | 'REJECT';

export interface LedgerEntry {
  readonly action: LedgerAction;
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
}

/** The state each entry's record is in after the write (null: there is none). */
export type LedgerOutcome = ReservationState | null;

const MAX_RELEASE_ROUNDS = 5;

export function reservationId(orderId: string, sku: string): string {
  return `${orderId}:${sku}`;
}

@Injectable()
export class ReservationRepository {
  private readonly reservations: Collection<Reservation>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.reservations = db.collection<Reservation>(COLLECTION.RESERVATIONS);
  }

  async stateOf(orderId: string, sku: string): Promise<ReservationState | null> {
    const found = await this.reservations.findOne({ _id: reservationId(orderId, sku) }, { projection: { state: 1 } });
    return found?.state ?? null;
  }

  findByOrder(orderId: string): Promise<Reservation[]> {
    return this.reservations.find({ orderId }).toArray();
  }

  /**
   * Writes every entry (one command in the common case) and returns, per entry, the state its
   * record is in afterwards: RESERVE succeeded iff RESERVED, COMMIT iff COMMITTED, RELEASE is
   * RELEASED, COMMITTED (a committed reservation is never released) or REJECTED (nothing to
   * release), REJECT proves nothing is held iff REJECTED.
   */
  async record(entries: readonly LedgerEntry[], now = new Date()): Promise<LedgerOutcome[]> {
    const outcomes: LedgerOutcome[] = entries.map(() => null);
    let pending = entries.map((_, index) => index);
    for (let round = 1; pending.length > 0; round += 1) {
      const outcome = await bulkOutcome(this.reservations, pending.map((index) => statementFor(entries[index], now)));
      // Upserts either match, insert or fail; only a COMMIT can silently match nothing.
      const everyStatementMatched = outcome.matchedCount + outcome.upserted.size + outcome.errors.size === outcome.statements;
      const toRead: number[] = [];
      pending.forEach((entryIndex, statementIndex) => {
        const entry = entries[entryIndex];
        const error = outcome.errors.get(statementIndex);
        if (error !== undefined && error.code !== DUPLICATE_KEY) throw new Error(`ledger write of ${reservationId(entry.orderId, entry.sku)} failed: ${error.message}`);
        if (error !== undefined || (entry.action === 'COMMIT' && !everyStatementMatched)) toRead.push(entryIndex);
        else outcomes[entryIndex] = STATE_AFTER[entry.action];
      });
      const states = await this.statesOf(toRead.map((index) => entries[index]));
      pending = [];
      for (const index of toRead) {
        const entry = entries[index];
        const state = states.get(reservationId(entry.orderId, entry.sku)) ?? null;
        // A tombstone upsert that collided with a record it does not change (COMMITTED, RELEASED,
        // REJECTED) has its answer; one that collided with any other raced the insert of that
        // record (real MongoDB runs them at once): write it again.
        const racedAnInsert = entry.action === 'RELEASE' && (state === null || !FINAL_FOR_RELEASE.has(state));
        if (racedAnInsert && round < MAX_RELEASE_ROUNDS) pending.push(index);
        else outcomes[index] = state;
      }
    }
    return outcomes;
  }

  private async statesOf(entries: readonly LedgerEntry[]): Promise<Map<string, ReservationState>> {
    if (entries.length === 0) return new Map();
    const ids = entries.map((entry) => reservationId(entry.orderId, entry.sku));
    const found = await this.reservations.find({ _id: { $in: ids } }, { projection: { state: 1 } }).toArray();
    return new Map(found.map((record) => [record._id, record.state]));
  }
}

const STATE_AFTER: Readonly<Record<LedgerAction, ReservationState>> = {
  RESERVE: RESERVATION_STATE.RESERVED,
  COMMIT: RESERVATION_STATE.COMMITTED,
  RELEASE: RESERVATION_STATE.RELEASED,
  REJECT: RESERVATION_STATE.REJECTED,
};

/** The states a RELEASE statement never changes (its filter excludes them). */
const KEPT_BY_RELEASE: readonly ReservationState[] = [RESERVATION_STATE.COMMITTED, RESERVATION_STATE.REJECTED];

/** The states that answer a RELEASE whose upsert collided: RELEASED or one it keeps; any other is a race. */
const FINAL_FOR_RELEASE: ReadonlySet<ReservationState> = new Set([RESERVATION_STATE.RELEASED, ...KEPT_BY_RELEASE]);

function statementFor(entry: LedgerEntry, now: Date): AnyBulkWriteOperation<Reservation> {
  const _id = reservationId(entry.orderId, entry.sku);
  const created = { orderId: entry.orderId, sku: entry.sku, quantity: entry.quantity, createdAt: now };
  if (entry.action === 'RESERVE') {
    return { updateOne: { filter: { _id, state: RESERVATION_STATE.RESERVED }, update: { $setOnInsert: { ...created, state: RESERVATION_STATE.RESERVED, updatedAt: now } }, upsert: true } };
  }
  if (entry.action === 'COMMIT') {
    return { updateOne: { filter: { _id, state: { $in: [RESERVATION_STATE.RESERVED, RESERVATION_STATE.COMMITTED] } }, update: { $set: { state: RESERVATION_STATE.COMMITTED, updatedAt: now } } } };
  }
  if (entry.action === 'REJECT') {
    return { updateOne: { filter: { _id, state: RESERVATION_STATE.REJECTED }, update: { $setOnInsert: { ...created, state: RESERVATION_STATE.REJECTED, updatedAt: now } }, upsert: true } };
  }
  return { updateOne: { filter: { _id, state: { $nin: [...KEPT_BY_RELEASE] } }, update: { $set: { state: RESERVATION_STATE.RELEASED, updatedAt: now }, $setOnInsert: created }, upsert: true } };
}
