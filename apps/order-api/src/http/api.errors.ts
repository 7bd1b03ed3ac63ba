/** Errors the API answers with, each with a stable code; `ApiExceptionFilter` maps codes to HTTP statuses. */
import { AppError } from '@app/domain';

export class OrderNotFoundError extends AppError {
  readonly code = 'ORDER_NOT_FOUND';
}

export class SkuNotFoundError extends AppError {
  readonly code = 'SKU_NOT_FOUND';
}

/** The Idempotency-Key was used before with a different request body. */
export class IdempotencyKeyReusedError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
}

export class OrderTerminalError extends AppError {
  readonly code = 'ORDER_TERMINAL';
}

/** The order passed the pivot (its stock is being committed): too late to cancel. */
export class OrderNotCancellableError extends AppError {
  readonly code = 'ORDER_NOT_CANCELLABLE';
}

export class OrderNotRetryableError extends AppError {
  readonly code = 'ORDER_NOT_RETRYABLE';
}

/** Too many orders from one client in the current minute: come back after `retryAfterSeconds`. */
export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';

  constructor(readonly retryAfterSeconds: number) {
    super(`Too many orders from this client; try again in ${retryAfterSeconds} s.`);
  }
}

export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

/** Bad input, with one entry per offending field. */
export class RequestValidationError extends AppError {
  readonly code = 'VALIDATION_FAILED';

  constructor(readonly fields: readonly FieldError[]) {
    super('Request validation failed');
  }
}

export const HTTP_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  ORDER_NOT_FOUND: 404,
  SKU_NOT_FOUND: 404,
  IDEMPOTENCY_KEY_REUSED: 422,
  ORDER_TERMINAL: 409,
  ORDER_NOT_CANCELLABLE: 409,
  ORDER_NOT_RETRYABLE: 409,
  VALIDATION_FAILED: 400,
  INVALID_TRANSITION: 409,
  RATE_LIMITED: 429,
};
