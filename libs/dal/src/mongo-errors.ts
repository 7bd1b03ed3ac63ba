import { MongoServerError } from 'mongodb';

/** True for E11000: a unique index (usually `_id`) refused the write. */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}
