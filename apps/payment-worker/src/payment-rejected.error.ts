import { AppError } from '@app/domain';

/** The provider refused the request for good (a 4xx that is not a decline): retrying cannot help. */
export class PaymentRejectedError extends AppError {
  readonly code = 'PAYMENT_REJECTED';
}
