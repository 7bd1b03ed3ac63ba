import { AppError } from '@app/domain';
import type { ApiErrorCode } from './api-error-code';

/** An error the API answers as it is: its `code` (see `API_ERROR`) gives the status, its message is shown. */
export class ApiError extends AppError {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
