import type { OrderReason, OrderStatus, SagaStepName } from '@app/contracts';

export const SAGA_PHASE = {
  FORWARD: 'FORWARD',
  COMPENSATING: 'COMPENSATING',
  DONE: 'DONE',
} as const;
export type SagaPhase = (typeof SAGA_PHASE)[keyof typeof SAGA_PHASE];

/**
 * Where a saga stands. `version` grows by one on every transition; a job carries the version it
 * was dispatched for, and a transition is applied only if the stored version still matches.
 */
export interface SagaState {
  readonly status: OrderStatus;
  readonly phase: SagaPhase;
  /** The step or compensation to run now; null once the saga is terminal. */
  readonly step: SagaStepName | null;
  /** Forward steps that were started, oldest first (their compensations run in reverse). */
  readonly started: readonly SagaStepName[];
  /** Compensations still to run, next first. */
  readonly compensations: readonly SagaStepName[];
  readonly reason: OrderReason | null;
  /** The step whose failure needs an operator, when status is FAILED. */
  readonly failedStep: SagaStepName | null;
  readonly version: number;
}

/** What running a step came to. */
export type StepOutcome =
  | { readonly kind: 'SUCCEEDED' }
  /** `nothingToUndo`: the failed step proved it left nothing for its own compensation (it is skipped). */
  | { readonly kind: 'FAILED'; readonly reason: OrderReason; readonly nothingToUndo?: boolean }
  /** The step found a cancel request before doing its work. */
  | { readonly kind: 'CANCELLED'; readonly reason: OrderReason }
  /**
   * The order's deadline passed while the step kept meeting busy locks: before the pivot the
   * order is cancelled (TIMEOUT); a compensation ends FAILED (COMPENSATION_STALLED) for an operator.
   */
  | { readonly kind: 'TIMED_OUT' };
