/**
 * The reservation ledger against a real server, including the race that only real MongoDB can
 * show: a RELEASED tombstone upsert that found no record while a RESERVED record was being
 * inserted collides on `_id` (E11000). The dev server runs one command at a time, so the race is
 * injected: the first bulk write inserts the racing record, then sends the tombstone statement as
 * mongod would have evaluated it (its filter matched nothing), and the server answers E11000.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import { createTestEnvironment, type TestEnvironment } from '@app/testing';
import { COLLECTION, RESERVATION_STATE, ReservationRepository, reservationId, type Reservation } from '@app/dal';

/** A Db whose reservations collection runs `beforeFirstBulk` and rewrites the first bulk's statements once. */
function racingDb(db: Db, beforeFirstBulk: (collection: Collection<Reservation>) => Promise<void>, rewrite: (operation: AnyBulkWriteOperation<Reservation>) => AnyBulkWriteOperation<Reservation>): Db {
  let raced = false;
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'collection') return Reflect.get(target, property, receiver) as unknown;
      return (name: string) => {
        const collection = target.collection<Reservation>(name);
        if (name !== COLLECTION.RESERVATIONS) return collection;
        return new Proxy(collection, {
          get(inner, key, innerReceiver) {
            if (key !== 'bulkWrite') return Reflect.get(inner, key, innerReceiver) as unknown;
            return async (operations: AnyBulkWriteOperation<Reservation>[], options: Document) => {
              if (raced) return inner.bulkWrite(operations, options);
              raced = true;
              await beforeFirstBulk(inner);
              return inner.bulkWrite(operations.map(rewrite), options);
            };
          },
        });
      };
    },
  });
}

describe('reservation ledger', () => {
  let env: TestEnvironment;

  before(async () => {
    env = await createTestEnvironment('ledger');
  });

  after(async () => {
    await env.cleanup();
  });

  it('a tombstone that races the insert of a RESERVED record re-reads and ends RELEASED (never reads E11000 as COMMITTED)', async () => {
    const orderId = 'ord_race_release';
    const insertRacingRecord = async (collection: Collection<Reservation>): Promise<void> => {
      const now = new Date();
      await collection.insertOne({ _id: reservationId(orderId, 'RACE-A'), orderId, sku: 'RACE-A', quantity: 2, state: RESERVATION_STATE.RESERVED, createdAt: now, updatedAt: now });
    };
    // mongod evaluated the filter before the insert landed: it matched nothing, so it inserts and collides
    const matchedNothing = (operation: AnyBulkWriteOperation<Reservation>): AnyBulkWriteOperation<Reservation> =>
      'updateOne' in operation ? { updateOne: { ...operation.updateOne, filter: { ...operation.updateOne.filter, state: 'NO-SUCH-STATE' as never } } } : operation;
    const ledger = new ReservationRepository(racingDb(env.db, insertRacingRecord, matchedNothing));

    const outcomes = await ledger.record([{ action: 'RELEASE', orderId, sku: 'RACE-A', quantity: 2 }]);

    assert.deepEqual(outcomes, [RESERVATION_STATE.RELEASED]);
    assert.equal(await new ReservationRepository(env.db).stateOf(orderId, 'RACE-A'), RESERVATION_STATE.RELEASED);
  });

  it('a REJECTED record is written only where there was none, and nothing changes it afterwards', async () => {
    const ledger = new ReservationRepository(env.db);
    assert.deepEqual(await ledger.record([{ action: 'RESERVE', orderId: 'ord_held', sku: 'J-A', quantity: 1 }]), [RESERVATION_STATE.RESERVED]);
    const rejected = await ledger.record([
      { action: 'REJECT', orderId: 'ord_held', sku: 'J-A', quantity: 1 },
      { action: 'REJECT', orderId: 'ord_held', sku: 'J-B', quantity: 1 },
      { action: 'REJECT', orderId: 'ord_none', sku: 'J-A', quantity: 1 },
    ]);
    assert.deepEqual(rejected, [RESERVATION_STATE.RESERVED, RESERVATION_STATE.REJECTED, RESERVATION_STATE.REJECTED], 'a record already there is read back, not overwritten');
    const later = await ledger.record([
      { action: 'REJECT', orderId: 'ord_none', sku: 'J-A', quantity: 1 },
      { action: 'RESERVE', orderId: 'ord_none', sku: 'J-A', quantity: 1 },
      { action: 'COMMIT', orderId: 'ord_none', sku: 'J-A', quantity: 1 },
      { action: 'RELEASE', orderId: 'ord_none', sku: 'J-A', quantity: 1 },
    ]);
    assert.deepEqual(later, [RESERVATION_STATE.REJECTED, RESERVATION_STATE.REJECTED, RESERVATION_STATE.REJECTED, RESERVATION_STATE.REJECTED]);
    assert.equal(await ledger.stateOf('ord_none', 'J-A'), RESERVATION_STATE.REJECTED);
    assert.equal(await ledger.stateOf('ord_held', 'J-A'), RESERVATION_STATE.RESERVED);
  });

  it('answers each entry from the record itself: a late reserve meets the tombstone, a commit meets nothing to commit', async () => {
    const ledger = new ReservationRepository(env.db);
    const orderId = 'ord_states';
    assert.deepEqual(await ledger.record([{ action: 'RELEASE', orderId, sku: 'S-A', quantity: 1 }]), [RESERVATION_STATE.RELEASED]);
    assert.deepEqual(await ledger.record([{ action: 'RESERVE', orderId: 'ord_live', sku: 'S-A', quantity: 1 }]), [RESERVATION_STATE.RESERVED]);
    const outcomes = await ledger.record([
      { action: 'RESERVE', orderId, sku: 'S-A', quantity: 1 },
      { action: 'COMMIT', orderId, sku: 'S-B', quantity: 1 },
      { action: 'RESERVE', orderId: 'ord_live', sku: 'S-A', quantity: 1 },
      { action: 'COMMIT', orderId: 'ord_live', sku: 'S-A', quantity: 1 },
    ]);
    assert.deepEqual(outcomes, [RESERVATION_STATE.RELEASED, null, RESERVATION_STATE.RESERVED, RESERVATION_STATE.COMMITTED]);
    assert.deepEqual(await ledger.record([{ action: 'RELEASE', orderId: 'ord_live', sku: 'S-A', quantity: 1 }]), [RESERVATION_STATE.COMMITTED], 'a committed reservation is never released');
    assert.equal(await ledger.stateOf('ord_live', 'S-A'), RESERVATION_STATE.COMMITTED);
  });
});
