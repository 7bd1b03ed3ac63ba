import { MongoBulkWriteError, MongoNetworkError, MongoOperationTimeoutError, MongoServerError, MongoServerSelectionError, type WriteError } from 'mongodb';

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

/**
 * True when the database did not answer (network, timeout, no server to select), as opposed to
 * an answer that refused the operation. A bulk write that failed as a whole carries no statement
 * errors and no server code. What the driver throws at a frozen server (bounded waits, seen in
 * the workers' outage test): `MongoNetworkTimeoutError` for the operation whose socket timed out,
 * the pool-cleared error (a `MongoNetworkError`) for the others on that pool, then
 * `MongoServerSelectionError` once the monitor has given the server up; all are covered here.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof MongoNetworkError || error instanceof MongoServerSelectionError || error instanceof MongoOperationTimeoutError) return true;
  if (!(error instanceof MongoBulkWriteError)) return false;
  const statementErrors = ([] as WriteError[]).concat(error.writeErrors);
  return statementErrors.length === 0 && error.code === undefined;
}
