/** The run's orders as stored, read once at the end with one query (no per-order load). */
import type { MongoClient } from 'mongodb';
import type { OrderReason, OrderStatus } from '@app/contracts';
import { COLLECTION } from '@app/dal';
import type { OrderItem } from '@app/domain';

export interface FinalOrder {
  readonly _id: string;
  readonly items: readonly OrderItem[];
  readonly saga: { readonly status: OrderStatus; readonly reason: OrderReason | null };
  readonly createdAt: Date;
  readonly completedAt?: Date;
}

export function readFinalOrders(client: MongoClient, dbName: string, ids: readonly string[]): Promise<FinalOrder[]> {
  return client
    .db(dbName)
    .collection<FinalOrder>(COLLECTION.ORDERS)
    .find({ _id: { $in: [...ids] } }, { projection: { items: 1, 'saga.status': 1, 'saga.reason': 1, createdAt: 1, completedAt: 1 } })
    .toArray();
}
