/** Builds `writeErrors` entries (`{index, code, errmsg, ...extra}`) for insert/update/delete replies. */
import type { Doc } from '../storage/doc.types';
import { toCommandError } from '../util/command.error';

export function writeErrorOf(index: number, err: unknown): Doc {
  const e = toCommandError(err);
  return { index, code: e.code, errmsg: e.message, ...e.extra };
}

/** Runs `statements` in order; unordered batches continue past failures. */
export function runBatch<T>(items: readonly T[], ordered: boolean, run: (item: T, index: number) => void): Doc[] {
  const errors: Doc[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      run(items[i], i);
    } catch (err) {
      errors.push(writeErrorOf(i, err));
      if (ordered) break;
    }
  }
  return errors;
}

export function withWriteErrors(reply: Doc, errors: Doc[]): Doc {
  if (errors.length > 0) reply['writeErrors'] = errors;
  return reply;
}
