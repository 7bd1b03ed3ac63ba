import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ORDER_STATUS, SAGA_STEP, type OrderReason } from '@app/contracts';
import { exhaustedReasonOf } from './saga-definition';
import { advanceSaga, initialSagaState, isCancellable, retryFailedSaga } from './saga-transitions';
import type { SagaState, StepOutcome } from './saga-state';

const ok: StepOutcome = { kind: 'SUCCEEDED' };

function run(state: SagaState, outcomes: StepOutcome[], cancelReason: OrderReason | null = null): SagaState {
  return outcomes.reduce((current, outcome) => advanceSaga(current, outcome, cancelReason), state);
}

describe('saga transitions', () => {
  it('walks the happy path to COMPLETED, one version per step', () => {
    const steps: (string | null)[] = [];
    let state = initialSagaState();
    while (state.step !== null) {
      steps.push(state.step);
      state = advanceSaga(state, ok, null);
    }
    assert.deepEqual(steps, ['RESERVE_STOCK', 'AUTHORIZE_PAYMENT', 'COMMIT_STOCK', 'CAPTURE_PAYMENT', 'SEND_CONFIRMATION']);
    assert.equal(state.status, ORDER_STATUS.COMPLETED);
    assert.equal(state.version, 6);
    assert.equal(state.reason, null);
  });

  it('shows a status per milestone', () => {
    const statuses: SagaState[] = [initialSagaState()];
    for (let state = statuses[0]; state?.step != null; ) {
      state = advanceSaga(state, ok, null);
      statuses.push(state);
    }
    assert.deepEqual(
      statuses.map((s) => s.status),
      ['PENDING', 'RESERVED', 'PAYMENT_AUTHORIZED', 'STOCK_COMMITTED', 'PAID', 'COMPLETED'],
    );
  });

  it('out of stock compensates the reservation then sends the cancellation notice', () => {
    const state = advanceSaga(initialSagaState(), { kind: 'FAILED', reason: 'OUT_OF_STOCK' }, null);
    assert.equal(state.status, ORDER_STATUS.COMPENSATING);
    assert.deepEqual(state.compensations, [SAGA_STEP.RELEASE_STOCK, SAGA_STEP.SEND_CANCELLATION]);
    const done = run(state, [ok, ok]);
    assert.equal(done.status, ORDER_STATUS.CANCELLED);
    assert.equal(done.reason, 'OUT_OF_STOCK');
    assert.equal(done.step, null);
  });

  it('a step that proved it left nothing behind is not undone; the steps before it still are', () => {
    const rejected = advanceSaga(initialSagaState(), { kind: 'FAILED', reason: 'OUT_OF_STOCK', nothingToUndo: true }, null);
    assert.equal(rejected.status, ORDER_STATUS.COMPENSATING);
    assert.deepEqual(rejected.started, [SAGA_STEP.RESERVE_STOCK], 'the step still counts as started');
    assert.deepEqual(rejected.compensations, [SAGA_STEP.SEND_CANCELLATION]);
    assert.equal(run(rejected, [ok]).status, ORDER_STATUS.CANCELLED);
    const declined = run(initialSagaState(), [ok, { kind: 'FAILED', reason: 'PAYMENT_DECLINED', nothingToUndo: true }]);
    assert.deepEqual(declined.compensations, ['RELEASE_STOCK', 'SEND_CANCELLATION']);
  });

  it('a declined card voids (idempotent no-op) and releases in reverse order', () => {
    const state = run(initialSagaState(), [ok, { kind: 'FAILED', reason: 'PAYMENT_DECLINED' }]);
    assert.deepEqual(state.compensations, ['VOID_PAYMENT', 'RELEASE_STOCK', 'SEND_CANCELLATION']);
    assert.equal(state.step, 'VOID_PAYMENT');
    assert.equal(run(state, [ok, ok, ok]).status, ORDER_STATUS.CANCELLED);
  });

  it('an operator cancel carries its own reason', () => {
    const state = advanceSaga(initialSagaState(), ok, 'CANCELLED_BY_OPERATOR');
    assert.equal(state.reason, 'CANCELLED_BY_OPERATOR');
  });

  it('a cancel request seen after a step succeeds starts compensation before the pivot', () => {
    const afterReserve = advanceSaga(initialSagaState(), ok, 'CANCELLED_BY_CUSTOMER');
    assert.equal(afterReserve.status, ORDER_STATUS.COMPENSATING);
    assert.equal(afterReserve.reason, 'CANCELLED_BY_CUSTOMER');
    assert.deepEqual(afterReserve.compensations, ['RELEASE_STOCK', 'SEND_CANCELLATION']);
    const atAuthorize = run(initialSagaState(), [ok]);
    const cancelled = advanceSaga(atAuthorize, ok, 'CANCELLED_BY_CUSTOMER');
    assert.deepEqual(cancelled.compensations, ['VOID_PAYMENT', 'RELEASE_STOCK', 'SEND_CANCELLATION']);
  });

  it('a cancel request found by the pivot step compensates everything started', () => {
    const atCommit = run(initialSagaState(), [ok, ok]);
    assert.equal(atCommit.step, 'COMMIT_STOCK');
    const state = advanceSaga(atCommit, { kind: 'CANCELLED', reason: 'CANCELLED_BY_CUSTOMER' }, 'CANCELLED_BY_CUSTOMER');
    assert.deepEqual(state.compensations, ['VOID_PAYMENT', 'RELEASE_STOCK', 'SEND_CANCELLATION']);
  });

  it('past the pivot a cancel request is ignored: the payment is captured and the order completes', () => {
    const committed = run(initialSagaState(), [ok, ok]);
    const afterCommit = advanceSaga(committed, ok, 'CANCELLED_BY_CUSTOMER');
    assert.equal(afterCommit.step, 'CAPTURE_PAYMENT');
    const afterCapture = advanceSaga(afterCommit, ok, 'CANCELLED_BY_CUSTOMER');
    assert.equal(afterCapture.step, 'SEND_CONFIRMATION');
    assert.equal(afterCapture.status, ORDER_STATUS.PAID);
    assert.equal(advanceSaga(afterCapture, ok, 'CANCELLED_BY_CUSTOMER').status, ORDER_STATUS.COMPLETED);
  });

  it('a capture that cannot succeed ends FAILED (CAPTURE_FAILED) for an operator, nothing compensated', () => {
    const capturing = run(initialSagaState(), [ok, ok, ok]);
    assert.equal(capturing.step, 'CAPTURE_PAYMENT');
    const failed = advanceSaga(capturing, { kind: 'FAILED', reason: 'CAPTURE_FAILED' }, null);
    assert.equal(failed.status, ORDER_STATUS.FAILED);
    assert.equal(failed.reason, 'CAPTURE_FAILED');
    assert.equal(failed.failedStep, 'CAPTURE_PAYMENT');
    assert.deepEqual(failed.compensations, []);
    assert.equal(retryFailedSaga(failed).step, 'CAPTURE_PAYMENT');
    assert.equal(exhaustedReasonOf('CAPTURE_PAYMENT'), 'CAPTURE_FAILED');
    assert.equal(exhaustedReasonOf('AUTHORIZE_PAYMENT'), 'STEP_EXHAUSTED');
  });

  it('a failure past the pivot needs an operator (FAILED), and a retry re-runs that step', () => {
    const atConfirmation = run(initialSagaState(), [ok, ok, ok, ok]);
    const failed = advanceSaga(atConfirmation, { kind: 'FAILED', reason: 'STEP_EXHAUSTED' }, null);
    assert.equal(failed.status, ORDER_STATUS.FAILED);
    assert.equal(failed.failedStep, 'SEND_CONFIRMATION');
    const retried = retryFailedSaga(failed);
    assert.equal(retried.step, 'SEND_CONFIRMATION');
    assert.equal(retried.status, ORDER_STATUS.PAID);
    assert.equal(advanceSaga(retried, ok, null).status, ORDER_STATUS.COMPLETED);
  });

  it('a compensation that cannot finish keeps the original reason and resumes on retry', () => {
    const compensating = run(initialSagaState(), [ok, { kind: 'FAILED', reason: 'PAYMENT_DECLINED' }]);
    const failed = advanceSaga(compensating, { kind: 'FAILED', reason: 'STEP_EXHAUSTED' }, null);
    assert.equal(failed.status, ORDER_STATUS.FAILED);
    assert.equal(failed.reason, 'PAYMENT_DECLINED');
    assert.equal(failed.failedStep, 'VOID_PAYMENT');
    const resumed = retryFailedSaga(failed);
    assert.equal(resumed.step, 'VOID_PAYMENT');
    assert.equal(run(resumed, [ok, ok, ok]).status, ORDER_STATUS.CANCELLED);
  });

  it('refuses transitions from a terminal saga', () => {
    const done = run(initialSagaState(), [ok, ok, ok, ok, ok]);
    assert.throws(() => advanceSaga(done, ok, null), /no current step/);
    assert.throws(() => retryFailedSaga(done), /only a FAILED saga/);
  });

  it('is cancellable only before the pivot, in the forward phase', () => {
    assert.equal(isCancellable(initialSagaState()), true);
    assert.equal(isCancellable(run(initialSagaState(), [ok, ok])), true);
    assert.equal(isCancellable(run(initialSagaState(), [ok, ok, ok])), false);
    assert.equal(isCancellable(advanceSaga(initialSagaState(), { kind: 'FAILED', reason: 'OUT_OF_STOCK' }, null)), false);
  });

  it('times out before the pivot into compensation (TIMEOUT), and stalls a compensation into FAILED (COMPENSATION_STALLED)', () => {
    const authorizing = run(initialSagaState(), [ok]);
    const timedOut = advanceSaga(authorizing, { kind: 'TIMED_OUT' }, null);
    assert.equal(timedOut.status, ORDER_STATUS.COMPENSATING);
    assert.equal(timedOut.reason, 'TIMEOUT');
    assert.deepEqual(timedOut.compensations, ['VOID_PAYMENT', 'RELEASE_STOCK', 'SEND_CANCELLATION']);
    const stalled = advanceSaga(timedOut, { kind: 'TIMED_OUT' }, null);
    assert.equal(stalled.status, ORDER_STATUS.FAILED);
    assert.equal(stalled.reason, 'COMPENSATION_STALLED');
    assert.deepEqual(stalled.compensations, ['VOID_PAYMENT', 'RELEASE_STOCK', 'SEND_CANCELLATION']);
    assert.equal(retryFailedSaga(stalled).step, 'VOID_PAYMENT');
    assert.throws(() => advanceSaga(run(initialSagaState(), [ok, ok, ok]), { kind: 'TIMED_OUT' }, null), /past the pivot/);
    assert.throws(() => advanceSaga(run(initialSagaState(), [ok, ok, ok, ok]), { kind: 'TIMED_OUT' }, null), /past the pivot/);
  });
});
