import { AppError } from '@app/domain';

/** The provider did not give a definite answer (timeout, 5xx, network): retry with the same key. */
export class PaymentUnavailableError extends AppError {
  readonly code = 'PAYMENT_UNAVAILABLE';
}
