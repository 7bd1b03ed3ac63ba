export { SAGA_STEP, type SagaStepName } from './saga-step';
export { ORDER_STATUS, TERMINAL_STATUSES, isTerminal, type OrderStatus } from './order-status';
export { ORDER_REASON, type OrderReason } from './order-reason';
export { QUEUE, type QueueName } from './queue-names';
export { STEP_BATCH_JOB, isStepBatch, stepJobId, withoutOrder, type SagaJobData, type StepBatchData, type StepJobData } from './step-job';
export {
  PAYMENT_STATUS,
  STEP_OUTCOME,
  type HistoryEntryView,
  type OrderItemView,
  type OrderView,
  type OrderRowView,
  type PaymentStatus,
  type PaymentView,
  type StepOutcomeName,
} from './order-view';
export { OUTSIDE_PROVIDER, type OutsideProvider } from './outside-provider';
export { consoleEventsChannel, type OrdersChangedSignal } from './console-events';
