/**
 * The saga's transitions as pure functions: (state, outcome) -> next state. No I/O, no clock.
 *
 * - Forward success moves to the next step (or COMPLETED); if a cancel was requested and the
 *   step just finished is before the pivot, compensation starts instead.
 * - Forward failure (or a step that found a cancel request) starts compensation: the
 *   compensations of every started step, the failed one included, in reverse, then the
 *   cancellation notice. Compensations are idempotent, so undoing a step that did nothing is safe;
 *   a failed step that proved it left nothing behind (`nothingToUndo`) is not undone at all.
 *   Past the pivot there is nothing to undo: the order is FAILED and waits for an operator.
 * - A compensation that cannot finish makes the order FAILED, keeping the original reason and
 *   the compensations still to run, so an operator's retry resumes where it stopped.
 * - TIMED_OUT (the order's deadline passed while a step met busy locks): before the pivot the
 *   order compensates with reason TIMEOUT; a compensation ends FAILED with COMPENSATION_STALLED,
 *   its remaining compensations kept for an operator's retry.
 */
import { ORDER_REASON, ORDER_STATUS, SAGA_STEP, type OrderReason, type SagaStepName } from '@app/contracts';
import { FINAL_COMPENSATION, FORWARD_STEPS, forwardStep } from './saga-definition';
import { SAGA_PHASE, type SagaState, type StepOutcome } from './saga-state';
import { InvalidTransitionError } from './domain.error';

export function initialSagaState(): SagaState {
  return {
    status: ORDER_STATUS.PENDING,
    phase: SAGA_PHASE.FORWARD,
    step: SAGA_STEP.RESERVE_STOCK,
    started: [],
    compensations: [],
    reason: null,
    failedStep: null,
    version: 1,
  };
}

/** `cancelReason` is the order's pending cancel request (null when none). */
export function advanceSaga(state: SagaState, outcome: StepOutcome, cancelReason: OrderReason | null): SagaState {
  if (state.step === null) throw new InvalidTransitionError(`saga at version ${state.version} has no current step`);
  if (state.phase === SAGA_PHASE.FORWARD) return advanceForward(state, state.step, outcome, cancelReason);
  if (state.phase === SAGA_PHASE.COMPENSATING) return advanceCompensation(state, outcome);
  throw new InvalidTransitionError(`saga in phase ${state.phase} cannot advance`);
}

function advanceForward(state: SagaState, step: SagaStepName, outcome: StepOutcome, cancelReason: OrderReason | null): SagaState {
  const definition = forwardStep(step);
  if (definition === undefined) throw new InvalidTransitionError(`${step} is not a forward step`);
  const started = state.started.includes(step) ? state.started : [...state.started, step];
  const afterPivot = !definition.cancellable || definition.compensation === null;

  if (outcome.kind === 'TIMED_OUT') {
    if (!definition.cancellable) throw new InvalidTransitionError(`${step} is past the pivot: its order cannot time out`);
    return startCompensation({ ...state, started }, ORDER_REASON.TIMEOUT);
  }
  if (outcome.kind !== 'SUCCEEDED') {
    if (afterPivot && outcome.kind === 'FAILED') return failed({ ...state, started }, step, outcome.reason, []);
    const undone = outcome.kind === 'FAILED' && outcome.nothingToUndo === true ? step : null;
    return startCompensation({ ...state, started }, outcome.reason, undone);
  }
  const index = FORWARD_STEPS.findIndex((candidate) => candidate.name === step);
  const next = FORWARD_STEPS[index + 1];
  if (cancelReason !== null && next !== undefined && next.cancellable && !afterPivot) {
    return startCompensation({ ...state, started }, cancelReason);
  }
  if (next === undefined) {
    return { ...state, started, status: ORDER_STATUS.COMPLETED, phase: SAGA_PHASE.DONE, step: null, version: state.version + 1 };
  }
  return { ...state, started, status: definition.statusAfter, step: next.name, version: state.version + 1 };
}

/** `nothingToUndo`: a started step whose compensation is skipped (it proved it left nothing behind). */
function startCompensation(state: SagaState, reason: OrderReason, nothingToUndo: SagaStepName | null = null): SagaState {
  const compensations = [...state.started]
    .reverse()
    .map((name) => (name === nothingToUndo ? null : forwardStep(name)?.compensation ?? null))
    .filter((name): name is SagaStepName => name !== null);
  compensations.push(FINAL_COMPENSATION);
  return {
    ...state,
    status: ORDER_STATUS.COMPENSATING,
    phase: SAGA_PHASE.COMPENSATING,
    step: compensations[0] ?? null,
    compensations,
    reason,
    version: state.version + 1,
  };
}

function advanceCompensation(state: SagaState, outcome: StepOutcome): SagaState {
  const [current, ...rest] = state.compensations;
  if (current === undefined || current !== state.step) {
    throw new InvalidTransitionError(`compensation ${String(state.step)} is not the next one`);
  }
  if (outcome.kind === 'TIMED_OUT') return failed(state, current, ORDER_REASON.COMPENSATION_STALLED, state.compensations);
  if (outcome.kind !== 'SUCCEEDED') return failed(state, current, state.reason ?? outcome.reason, state.compensations);
  if (rest.length === 0) {
    return { ...state, status: ORDER_STATUS.CANCELLED, phase: SAGA_PHASE.DONE, step: null, compensations: [], version: state.version + 1 };
  }
  return { ...state, step: rest[0] ?? null, compensations: rest, version: state.version + 1 };
}

function failed(state: SagaState, step: SagaStepName, reason: OrderReason, compensations: readonly SagaStepName[]): SagaState {
  return {
    ...state,
    status: ORDER_STATUS.FAILED,
    phase: SAGA_PHASE.DONE,
    step: null,
    compensations,
    reason,
    failedStep: step,
    version: state.version + 1,
  };
}

/**
 * An operator's retry of a FAILED saga: resume the compensations that were left, or re-run the
 * forward step past the pivot that failed.
 */
export function retryFailedSaga(state: SagaState): SagaState {
  if (state.status !== ORDER_STATUS.FAILED || state.failedStep === null) {
    throw new InvalidTransitionError(`only a FAILED saga can be retried (status ${state.status})`);
  }
  if (state.compensations.length > 0) {
    return {
      ...state,
      status: ORDER_STATUS.COMPENSATING,
      phase: SAGA_PHASE.COMPENSATING,
      step: state.compensations[0] ?? null,
      failedStep: null,
      version: state.version + 1,
    };
  }
  const index = FORWARD_STEPS.findIndex((candidate) => candidate.name === state.failedStep);
  const previous = FORWARD_STEPS[index - 1];
  return {
    ...state,
    status: previous?.statusAfter ?? ORDER_STATUS.PENDING,
    phase: SAGA_PHASE.FORWARD,
    step: state.failedStep,
    reason: null,
    failedStep: null,
    version: state.version + 1,
  };
}

/** True while a customer's cancel request can still stop the saga. */
export function isCancellable(state: SagaState): boolean {
  if (state.phase !== SAGA_PHASE.FORWARD || state.step === null) return false;
  return forwardStep(state.step)?.cancellable === true;
}
