/**
 * Test helper for the order API's specs: asserts that an answer is an error in the one shape
 * (`ErrorResponse`): exactly `statusCode`, `code`, `message`, `requestId` and, for
 * VALIDATION_FAILED only, `fields` (one `{path, message}` per wrong field, no path twice); the
 * code is a known one of that status; `requestId` equals the `X-Request-Id` header.
 */
import assert from 'node:assert/strict';
import { API_ERROR, type ApiErrorCode } from '../http/api-error-code';
import type { ErrorResponse } from '../http/error-response.schema';

export async function assertErrorResponse(response: Response, status: number, code?: ApiErrorCode): Promise<ErrorResponse> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const body = JSON.parse(text) as unknown;
  assertErrorBody(body, status, response.headers.get('x-request-id'));
  if (code !== undefined) assert.equal(body.code, code, text);
  return body;
}

export function assertErrorBody(body: unknown, status: number, requestIdHeader: string | null): asserts body is ErrorResponse {
  const text = JSON.stringify(body);
  assert.ok(body !== null && typeof body === 'object' && !Array.isArray(body), text);
  const fields = body as Record<string, unknown>;
  const expectedKeys = ['code', 'message', 'requestId', 'statusCode', ...(fields['code'] === 'VALIDATION_FAILED' ? ['fields'] : [])].sort();
  assert.deepEqual(Object.keys(fields).sort(), expectedKeys, text);
  assert.equal(fields['statusCode'], status, text);
  const code = fields['code'];
  assert.ok(typeof code === 'string' && code in API_ERROR, `unknown code in ${text}`);
  assert.equal(API_ERROR[code as ApiErrorCode].status, status, `${code} answers ${API_ERROR[code as ApiErrorCode].status}, not ${status}`);
  assert.ok(typeof fields['message'] === 'string' && fields['message'] !== '', text);
  assert.ok(typeof fields['requestId'] === 'string' && fields['requestId'] !== '', text);
  assert.equal(fields['requestId'], requestIdHeader, 'requestId equals the X-Request-Id header');
  if (code !== 'VALIDATION_FAILED') return;
  const entries = fields['fields'];
  assert.ok(Array.isArray(entries) && entries.length > 0, `VALIDATION_FAILED names its fields: ${text}`);
  for (const entry of entries as unknown[]) {
    assert.ok(entry !== null && typeof entry === 'object', text);
    assert.deepEqual(Object.keys(entry).sort(), ['message', 'path'], text);
    const { path, message } = entry as Record<string, unknown>;
    assert.ok(typeof path === 'string' && path !== '' && typeof message === 'string' && message !== '', text);
  }
  const paths = (entries as { path: string }[]).map((entry) => entry.path);
  assert.equal(new Set(paths).size, paths.length, `one entry per field: ${text}`);
}
