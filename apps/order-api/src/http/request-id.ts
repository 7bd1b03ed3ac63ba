/**
 * Every response carries `X-Request-Id`, and every error body the same id as `requestId`: the
 * caller's own when it is a sane token (1-128 characters of A-Z, a-z, 0-9, ".", "_", ":" or "-"),
 * else a new UUID. Log lines about a failed request quote it.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's id, chosen (and set as a response header) on first use. */
export function requestIdOf(request: Request, response: Response): string {
  const known: unknown = response.locals['requestId'];
  if (typeof known === 'string') return known;
  const offered = request.headers['x-request-id'];
  const id = typeof offered === 'string' && REQUEST_ID_PATTERN.test(offered) ? offered : randomUUID();
  response.locals['requestId'] = id;
  if (!response.headersSent) response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** Express middleware: the first in the chain, so that every answer has the header. */
export function assignRequestId(request: Request, response: Response, next: NextFunction): void {
  requestIdOf(request, response);
  next();
}
