/** The fields of a stock document (`inventory` collection) the naive handlers read and write. */
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '@app/dal';

export interface NaiveStock {
  readonly _id: string;
  readonly available: number;
  readonly reserved: number;
  readonly sold: number;
  readonly unitPrice: number;
}

export function stockCollection(db: Db): Collection<NaiveStock> {
  return db.collection<NaiveStock>(COLLECTION.INVENTORY);
}
