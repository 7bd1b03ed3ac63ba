export {
  AppError,
  CancelRequestedError,
  DatabaseUnavailableError,
  InvalidTransitionError,
  LockBusyError,
  PROVIDER_ERROR_KIND,
  ProviderUnavailableError,
  StepRejectedError,
  type ProviderErrorKind,
} from './domain.error';
export {
  FINAL_COMPENSATION,
  FORWARD_STEPS,
  exhaustedReasonOf,
  forwardStep,
  queueOf,
  type ForwardStepDefinition,
} from './saga-definition';
export { SAGA_PHASE, type SagaPhase, type SagaState, type StepOutcome } from './saga-state';
export { advanceSaga, initialSagaState, isCancellable, retryFailedSaga } from './saga-transitions';
export type { HistoryEntry, Order, OrderItem, OrderPayment, StepOrder } from './order';
