/**
 * JSON body parsing with a size limit, and the answers for bodies that never reach a controller:
 * 413 for an oversized body, 400 for malformed JSON — in the same error shape as everything else.
 */
import express, { type NextFunction, type Request, type Response } from 'express';

interface BodyParserError {
  readonly type?: string;
  readonly status?: number;
}

export function jsonBody(limitBytes: number): express.RequestHandler {
  return express.json({ limit: limitBytes, strict: true, type: ['application/json', 'application/*+json'] });
}

export function bodyErrorHandler(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const parserError = error as BodyParserError;
  if (parserError?.type === 'entity.too.large') {
    response.status(413).json({ statusCode: 413, error: 'Payload Too Large', code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' });
    return;
  }
  if (parserError?.type === 'entity.parse.failed' || parserError?.type === 'encoding.unsupported' || parserError?.type === 'charset.unsupported') {
    response.status(400).json({ statusCode: 400, error: 'Bad Request', code: 'MALFORMED_BODY', message: 'The request body is not valid JSON.' });
    return;
  }
  next(error);
}
