/**
 * The one place that turns errors into HTTP answers, all in one shape (`ErrorResponse`):
 * `{ statusCode, code, message, fields?, requestId }`.
 * - `ApiError`s answer as they are; their code gives the status (`API_ERROR`).
 * - Nest's own exceptions: its 404 for an unknown route is NOT_FOUND; its 400 for a path
 *   parameter Express cannot percent-decode is INVALID_URL. (Body parser errors arrive as
 *   `ApiError`s already, see `json-body.ts`.)
 * - MongoDB unreachable or not answering within API_DB_TIMEOUT_MS: DATABASE_UNAVAILABLE.
 * - Anything else: INTERNAL_ERROR, logged with the request id, no internals answered.
 * Headers: 401 → WWW-Authenticate; 429 and 503 → Retry-After.
 */
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable } from '@app/dal';
import { httpStatusOf } from './api-error-code';
import { ApiError } from './api.error';
import type { ErrorResponse } from './error-response.schema';
import { RateLimitedError } from './rate-limited.error';
import { RequestValidationError } from './request-validation.error';
import { requestIdOf } from './request-id';

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const requestId = requestIdOf(request, response);
    const error = this.toApiError(exception, `request ${requestId} (${request.method} ${request.originalUrl})`);
    const statusCode = httpStatusOf(error.code);
    if (response.headersSent) {
      response.end();
      return;
    }
    if (statusCode === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    if (statusCode === 503) response.setHeader('Retry-After', '1');
    if (error instanceof RateLimitedError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    const body: ErrorResponse = {
      statusCode,
      code: error.code,
      message: error.message,
      ...(error instanceof RequestValidationError ? { fields: error.fields } : {}),
      requestId,
    };
    response.status(statusCode).json(body);
  }

  private toApiError(exception: unknown, which: string): ApiError {
    if (exception instanceof ApiError) return exception;
    if (exception instanceof HttpException && exception.getStatus() === 404) return new ApiError('NOT_FOUND', exception.message);
    if (exception instanceof HttpException && exception.getStatus() === 400) return new ApiError('INVALID_URL', exception.message);
    if (isDatabaseUnavailable(exception)) {
      this.logger.error(`${which}: database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      return new ApiError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
    }
    this.logger.error(`${which} failed: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    return new ApiError('INTERNAL_ERROR', 'Internal server error');
  }
}
