/**
 * Named operators of the console: `_id` is the name, `passwordHash` a PHC-style scrypt string
 * (made and checked by the order API; this repository never sees a password). Reads: by name
 * (`_id`), and the whole list (a handful of documents, sorted by `_id`).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';
import { isDuplicateKeyError } from '../mongo-errors';

export interface Operator {
  /** The operator's name, as recorded in the audit trail. */
  readonly _id: string;
  readonly passwordHash: string;
  readonly createdAt: Date;
}

@Injectable()
export class OperatorRepository {
  private readonly operators: Collection<Operator>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.operators = db.collection<Operator>(COLLECTION.OPERATORS);
  }

  /** false when an operator of that name already exists. */
  async add(operator: Operator): Promise<boolean> {
    try {
      await this.operators.insertOne(operator);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  find(name: string): Promise<Operator | null> {
    return this.operators.findOne({ _id: name });
  }

  list(limit = 1_000): Promise<Operator[]> {
    return this.operators.find({}).sort({ _id: 1 }).limit(limit).toArray();
  }

  /** false when there was no such operator. */
  async remove(name: string): Promise<boolean> {
    return (await this.operators.deleteOne({ _id: name })).deletedCount === 1;
  }
}
