/**
 * The one place that turns errors into HTTP answers: `{ statusCode, error, code, message, fields? }`.
 * Known application errors map by code; Nest's HttpExceptions keep their status; MongoDB or Redis
 * being unreachable or not answering within API_DB_TIMEOUT_MS is a 503 with Retry-After; anything else is a 500 that is logged and never shows internals.
 */
import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { isDatabaseUnavailable } from '@app/dal';
import { AppError } from '@app/domain';
import { HTTP_STATUS_BY_CODE, RateLimitedError, RequestValidationError } from './api.errors';

export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly code: string;
  readonly message: string;
  readonly fields?: readonly { field: string; messages: readonly string[] }[];
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(ApiExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode === 401) response.setHeader('WWW-Authenticate', 'Bearer');
    if (body.statusCode === 503) response.setHeader('Retry-After', '1');
    if (exception instanceof RateLimitedError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof RequestValidationError) {
      return { ...errorBody(400, exception.code, exception.message), fields: exception.fields };
    }
    if (exception instanceof AppError && HTTP_STATUS_BY_CODE[exception.code] !== undefined) {
      return errorBody(HTTP_STATUS_BY_CODE[exception.code] ?? 500, exception.code, exception.message);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      const detail = typeof payload === 'string' ? payload : (payload as { message?: unknown }).message;
      const message = typeof detail === 'string' ? detail : Array.isArray(detail) ? detail.join('; ') : exception.message;
      return errorBody(status, httpCode(status), message);
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.error(`database unavailable: ${exception instanceof Error ? exception.message : String(exception)}`);
      return errorBody(503, 'SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly.');
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return errorBody(500, 'INTERNAL_ERROR', 'Internal server error');
  }
}

function errorBody(statusCode: number, code: string, message: string): ErrorBody {
  return { statusCode, error: (HttpStatus[statusCode] ?? 'ERROR').replace(/_/g, ' '), code, message };
}

function httpCode(status: number): string {
  return HttpStatus[status] ?? 'HTTP_ERROR';
}
