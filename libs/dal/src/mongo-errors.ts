import { MongoServerError } from 'mongodb';

/** True for E11000: a unique index (usually `_id`) refused the write. */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

/**
 * Runs an upsert keyed by `_id` again once if it collided: two first writes of one key at once,
 * where one inserts and the other must then update.
 */
export async function retryOnDuplicateKey<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return write();
  }
}
