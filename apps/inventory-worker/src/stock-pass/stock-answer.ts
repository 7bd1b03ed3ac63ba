import { LockBusyError, StepRejectedError } from '@app/domain';
import type { StockAnswer } from './stock-request';

/** Turns a pass's answer into the step's result or the error the saga runner maps (rejected, busy, retry). */
export function amountOrThrow(answer: StockAnswer): number {
  switch (answer.kind) {
    case 'DONE':
      return answer.amount;
    case 'REJECTED':
      throw new StepRejectedError(answer.reason, answer.message, { nothingToUndo: answer.nothingHeld });
    case 'BUSY':
      throw new LockBusyError(`item ${answer.sku}`, answer.sku);
    case 'FAILED':
      throw new Error(answer.message);
  }
}
