/**
 * Runs an unordered bulk write and reports what each statement came to, the way one command's
 * reply tells it: the statements that failed (by index, with their error), the upserted ones,
 * and the total matched. An unordered bulk goes on past a failed statement, so one busy lock or
 * one conflicting record never stops the others. Any other failure (network, server) is thrown.
 */
import { MongoBulkWriteError, type AnyBulkWriteOperation, type WriteError, type BulkWriteResult, type Collection, type Document } from 'mongodb';

/** The server's error for one statement. */
export interface StatementError {
  readonly code: number;
  readonly message: string;
}

export const DUPLICATE_KEY = 11000;

export interface BulkOutcome {
  /** Statement index → the server's error for it (e.g. E11000). */
  readonly errors: ReadonlyMap<number, StatementError>;
  readonly upserted: ReadonlySet<number>;
  readonly matchedCount: number;
  readonly statements: number;
}

export async function bulkOutcome<T extends Document>(collection: Collection<T>, operations: AnyBulkWriteOperation<T>[]): Promise<BulkOutcome> {
  if (operations.length === 0) return { errors: new Map(), upserted: new Set(), matchedCount: 0, statements: 0 };
  try {
    return summarize(await collection.bulkWrite(operations, { ordered: false }), [], operations.length);
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError) || error.writeErrors === undefined) throw error;
    const writeErrors = ([] as WriteError[]).concat(error.writeErrors);
    if (writeErrors.length === 0) throw error;
    return summarize(error.result, writeErrors.map((item) => ({ index: item.index, error: { code: item.code, message: item.errmsg ?? 'write error' } })), operations.length);
  }
}

function summarize(result: BulkWriteResult, errors: readonly { index: number; error: StatementError }[], statements: number): BulkOutcome {
  const upserted = new Set(Object.keys(result.upsertedIds).map(Number));
  return { errors: new Map(errors.map((item) => [item.index, item.error])), upserted, matchedCount: result.matchedCount, statements };
}
