/**
 * JSON body parsing with a size limit, and the bodies that never reach a controller, handed on as
 * `ApiError`s (so that `ApiExceptionFilter` answers them like everything else):
 * - larger than the limit: PAYLOAD_TOO_LARGE (413);
 * - a body whose Content-Type is not JSON, or a charset or Content-Encoding the parser does not
 *   support: UNSUPPORTED_MEDIA_TYPE (415);
 * - malformed JSON, a top-level value other than an object or array, or a body that cannot be
 *   read (wrong Content-Length, corrupt compression): INVALID_JSON (400).
 * A request without a body (no Content-Length, or 0) passes; its DTO decides.
 */
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ApiError } from './api.error';

const JSON_TYPES = ['application/json', 'application/*+json'];

interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
  readonly message?: string;
}

export function jsonBody(limitBytes: number): (RequestHandler | ErrorRequestHandler)[] {
  return [express.json({ limit: limitBytes, strict: true, type: JSON_TYPES }), bodyErrors(limitBytes), requireJsonBody];
}

function bodyErrors(limitBytes: number): ErrorRequestHandler {
  return (error: unknown, _request: Request, _response: Response, next: NextFunction): void => {
    next(toApiError(error as BodyParserError | undefined, limitBytes) ?? error);
  };
}

function toApiError(error: BodyParserError | undefined, limitBytes: number): ApiError | undefined {
  const status = error?.status ?? 500;
  if (error?.type === 'entity.too.large') return new ApiError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limitBytes} bytes.`);
  if (status === 415) return new ApiError('UNSUPPORTED_MEDIA_TYPE', `The request body must be JSON in UTF-8 (${error?.message ?? 'unsupported encoding'}).`);
  if (error?.type === 'entity.parse.failed') return new ApiError('INVALID_JSON', 'The request body is not valid JSON (an object or an array).');
  if (status >= 400 && status < 500) return new ApiError('INVALID_JSON', 'The request body could not be read as JSON.');
  return undefined;
}

function requireJsonBody(request: Request, _response: Response, next: NextFunction): void {
  const length = Number(request.headers['content-length'] ?? 0);
  const hasBody = request.headers['transfer-encoding'] !== undefined || length > 0;
  if (hasBody && request.is(JSON_TYPES) === false) {
    next(new ApiError('UNSUPPORTED_MEDIA_TYPE', 'The request body must be JSON (Content-Type: application/json).'));
    return;
  }
  next();
}
