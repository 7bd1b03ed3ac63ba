import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { SANDBOX_ERROR_CODES, SANDBOX_ERROR_TYPES, SandboxError, type SandboxErrorCode } from './sandbox.error';

/**
 * The single place that turns an exception into an HTTP answer, always a Stripe-like JSON
 * `{ error: { type, code, message, param? } }`:
 *  - `SandboxError` -> its own status and body;
 *  - Nest `HttpException` (unknown route 404, malformed JSON 400 from the body parser) -> its
 *    status as an `invalid_request_error`;
 *  - other client errors raised by the body parser (413 too large, 415 charset) -> their status;
 *  - anything else -> 500 `api_error`, logged, with no internal detail in the body.
 */
@Catch()
export class SandboxExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Sandbox');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = this.toSandboxError(exception);
    if (response.headersSent) return;
    response.status(error.status).json(error.toBody());
  }

  private toSandboxError(exception: unknown): SandboxError {
    if (exception instanceof SandboxError) return exception;
    const status = clientErrorStatus(exception);
    if (status !== undefined) {
      const message = exception instanceof Error ? exception.message : 'Invalid request.';
      return SandboxError.invalidRequest(codeForStatus(status), message, undefined, status);
    }
    this.logger.error('Unexpected error', exception instanceof Error ? exception.stack : String(exception));
    return new SandboxError('An unexpected error occurred in the sandbox.', {
      status: 500,
      type: SANDBOX_ERROR_TYPES.api,
      code: SANDBOX_ERROR_CODES.internal,
      cause: exception,
    });
  }
}

/** The 4xx status of a Nest `HttpException` or an `http-errors` error marked `expose`, if any. */
function clientErrorStatus(exception: unknown): number | undefined {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return status >= 400 && status < 500 ? status : undefined;
  }
  if (exception instanceof Error && 'expose' in exception && exception.expose === true && 'status' in exception) {
    const status = exception.status;
    return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
  }
  return undefined;
}

function codeForStatus(status: number): SandboxErrorCode {
  if (status === 404) return SANDBOX_ERROR_CODES.resourceMissing;
  return SANDBOX_ERROR_CODES.bodyInvalid;
}
