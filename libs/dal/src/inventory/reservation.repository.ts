/**
 * The reservation ledger: one document per order and SKU (`_id` = `<orderId>:<sku>`), the
 * permanent record that makes reserve/release/commit idempotent across retries and duplicates.
 * A release leaves a RELEASED tombstone even when nothing was reserved, so a late duplicate
 * reserve of a cancelled order can never hold stock again.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { isDuplicateKeyError } from '../mongo-errors';

export const RESERVATION_STATE = { RESERVED: 'RESERVED', RELEASED: 'RELEASED', COMMITTED: 'COMMITTED' } as const;
export type ReservationState = (typeof RESERVATION_STATE)[keyof typeof RESERVATION_STATE];

export interface Reservation {
  readonly _id: string;
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly state: ReservationState;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

function reservationId(orderId: string, sku: string): string {
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

  /** Records a held reservation (no-op when any record exists already). */
  async recordReserved(orderId: string, sku: string, quantity: number, now = new Date()): Promise<void> {
    await this.upsert(
      { _id: reservationId(orderId, sku) },
      { $setOnInsert: { orderId, sku, quantity, state: RESERVATION_STATE.RESERVED, createdAt: now, updatedAt: now } },
    );
  }

  /** Marks released, unless committed. Returns the state the record ends in. */
  async recordReleased(orderId: string, sku: string, quantity: number, now = new Date()): Promise<ReservationState> {
    const id = reservationId(orderId, sku);
    const written = await this.upsert(
      { _id: id, state: { $ne: RESERVATION_STATE.COMMITTED } },
      { $set: { state: RESERVATION_STATE.RELEASED, updatedAt: now }, $setOnInsert: { orderId, sku, quantity, createdAt: now } },
    );
    return written ? RESERVATION_STATE.RELEASED : RESERVATION_STATE.COMMITTED;
  }

  /** Marks committed; true when the record is (now or already) COMMITTED. */
  async recordCommitted(orderId: string, sku: string, now = new Date()): Promise<boolean> {
    const id = reservationId(orderId, sku);
    const result = await this.reservations.updateOne({ _id: id, state: RESERVATION_STATE.RESERVED }, { $set: { state: RESERVATION_STATE.COMMITTED, updatedAt: now } });
    return result.matchedCount === 1 || (await this.stateOf(orderId, sku)) === RESERVATION_STATE.COMMITTED;
  }

  /** Removes a RESERVED record: the undo of a reservation made by the same, failing, reserve run. */
  async forget(orderId: string, sku: string): Promise<void> {
    await this.reservations.deleteOne({ _id: reservationId(orderId, sku), state: RESERVATION_STATE.RESERVED });
  }

  findByOrder(orderId: string): Promise<Reservation[]> {
    return this.reservations.find({ orderId }).toArray();
  }

  /** An upsert whose insert may collide with an existing `_id`: false when it did. */
  private async upsert(filter: Record<string, unknown>, update: Record<string, unknown>): Promise<boolean> {
    try {
      await this.reservations.updateOne(filter, update, { upsert: true });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
