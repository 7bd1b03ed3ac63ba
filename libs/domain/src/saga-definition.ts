/**
 * The order saga as data: forward steps in order, each with the queue that runs it, the status
 * the order shows once the step has succeeded, and the compensation that undoes it.
 *
 *   RESERVE_STOCK -> AUTHORIZE_PAYMENT -> COMMIT_STOCK (pivot) -> CAPTURE_PAYMENT -> SEND_CONFIRMATION
 *   compensations: RELEASE_STOCK, VOID_PAYMENT; every cancelled saga ends with SEND_CANCELLATION.
 *
 * COMMIT_STOCK is the pivot: once it has started, the order can no longer be cancelled and a
 * later failure needs an operator (status FAILED), because sold stock is not un-sold by us.
 * Money only moves at CAPTURE_PAYMENT, after the pivot: before it the customer's funds are only
 * held (authorized), and a cancelled order's hold is voided, so a cancelled order never keeps money.
 */
import { ORDER_REASON, ORDER_STATUS, QUEUE, SAGA_STEP, type OrderReason, type OrderStatus, type QueueName, type SagaStepName } from '@app/contracts';

export interface ForwardStepDefinition {
  readonly name: SagaStepName;
  readonly queue: QueueName;
  readonly statusAfter: OrderStatus;
  readonly compensation: SagaStepName | null;
  /** Before the pivot: a cancel request is honoured while this step is current (COMMIT_STOCK until it claims the order). */
  readonly cancellable: boolean;
  /** The reason the order gets when the step runs out of attempts or of RETRY_WINDOW_MS (default STEP_EXHAUSTED). */
  readonly exhaustedReason?: OrderReason;
}

export const FORWARD_STEPS: readonly ForwardStepDefinition[] = [
  { name: SAGA_STEP.RESERVE_STOCK, queue: QUEUE.INVENTORY, statusAfter: ORDER_STATUS.RESERVED, compensation: SAGA_STEP.RELEASE_STOCK, cancellable: true },
  { name: SAGA_STEP.AUTHORIZE_PAYMENT, queue: QUEUE.PAYMENT, statusAfter: ORDER_STATUS.PAYMENT_AUTHORIZED, compensation: SAGA_STEP.VOID_PAYMENT, cancellable: true },
  { name: SAGA_STEP.COMMIT_STOCK, queue: QUEUE.INVENTORY, statusAfter: ORDER_STATUS.STOCK_COMMITTED, compensation: null, cancellable: true },
  { name: SAGA_STEP.CAPTURE_PAYMENT, queue: QUEUE.PAYMENT, statusAfter: ORDER_STATUS.PAID, compensation: null, cancellable: false, exhaustedReason: ORDER_REASON.CAPTURE_FAILED },
  { name: SAGA_STEP.SEND_CONFIRMATION, queue: QUEUE.NOTIFICATION, statusAfter: ORDER_STATUS.COMPLETED, compensation: null, cancellable: false },
];

/** Runs last in every compensation, after the step compensations in reverse order. */
export const FINAL_COMPENSATION: SagaStepName = SAGA_STEP.SEND_CANCELLATION;

const COMPENSATION_QUEUES: Readonly<Partial<Record<SagaStepName, QueueName>>> = {
  [SAGA_STEP.RELEASE_STOCK]: QUEUE.INVENTORY,
  [SAGA_STEP.VOID_PAYMENT]: QUEUE.PAYMENT,
  [SAGA_STEP.SEND_CANCELLATION]: QUEUE.NOTIFICATION,
};

export function forwardStep(name: SagaStepName): ForwardStepDefinition | undefined {
  return FORWARD_STEPS.find((step) => step.name === name);
}

/** The queue whose worker runs a step or compensation. */
export function queueOf(name: SagaStepName): QueueName {
  const queue = forwardStep(name)?.queue ?? COMPENSATION_QUEUES[name];
  if (queue === undefined) throw new Error(`unknown saga step ${name}`);
  return queue;
}

/** The reason an order gets when `name` runs out of attempts or of its retry window. */
export function exhaustedReasonOf(name: SagaStepName): OrderReason {
  return forwardStep(name)?.exhaustedReason ?? ORDER_REASON.STEP_EXHAUSTED;
}
