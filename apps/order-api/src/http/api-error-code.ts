/**
 * Every error code the order API answers with: its HTTP status and what it means. This is the one
 * list: the exception filter takes each answer's status from it, and the OpenAPI document (the
 * `ErrorResponse` schema and every route's description) and the README repeat it.
 */
export const API_ERROR = {
  VALIDATION_FAILED: { status: 400, meaning: 'a body field, header, query or path parameter is invalid; `fields` names each one with one message; nothing was written' },
  INVALID_JSON: { status: 400, meaning: 'the body is not a JSON object or array (malformed, or unreadable)' },
  INVALID_URL: { status: 400, meaning: 'the URL holds broken percent-encoding' },
  UNAUTHORIZED: { status: 401, meaning: 'admin routes: neither a valid admin token nor a live session; sign-in: wrong operator name or password' },
  CSRF_TOKEN_INVALID: { status: 403, meaning: "a request that changes something, made with a session cookie, lacks the session's `X-CSRF-Token` (or sends another)" },
  NOT_FOUND: { status: 404, meaning: 'no such route, order or SKU (an order also answers this to a token that does not open it)' },
  QUEUES_READ_ONLY: { status: 405, meaning: 'the queues board (`/admin/queues`) only reads: operator actions go through the console\'s own audited routes' },
  ORDER_TERMINAL: { status: 409, meaning: 'the order has already finished' },
  ORDER_NOT_CANCELLABLE: { status: 409, meaning: 'the order is past the pivot (its stock is committed): too late to cancel' },
  ORDER_ALREADY_COMPENSATING: { status: 409, meaning: 'the order is already being undone (compensating): a cancel would change nothing' },
  ORDER_NOT_RETRYABLE: { status: 409, meaning: 'only a FAILED order can be retried' },
  STOCK_WOULD_GO_NEGATIVE: { status: 409, meaning: 'a stock adjustment would take `available` below 0: nothing changed' },
  STOCK_VERSION_MISMATCH: { status: 412, meaning: 'the SKU is not at the `If-Match` version (missing, or its stock moved since it was read): nothing changed' },
  PAYLOAD_TOO_LARGE: { status: 413, meaning: 'the body is larger than MAX_BODY_BYTES' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, meaning: 'the body is not `application/json` in UTF-8, or its Content-Encoding is not supported' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, meaning: 'this Idempotency-Key was used by this customer with another body' },
  RATE_LIMITED: { status: 429, meaning: 'more than RATE_LIMIT_PER_MINUTE orders from this client this minute, or too many failed sign-ins for this name from this client; Retry-After says when to come back' },
  INTERNAL_ERROR: { status: 500, meaning: 'a bug: logged with the requestId, no details answered' },
  DATABASE_UNAVAILABLE: { status: 503, meaning: 'MongoDB (or, for /health, Redis) did not answer within API_DB_TIMEOUT_MS; Retry-After: 1' },
  NOT_READY: { status: 503, meaning: '`GET /health/ready` only: MongoDB or Redis did not answer within 2 s; the message names each check and how it stands; Retry-After: 1' },
} as const;

export type ApiErrorCode = keyof typeof API_ERROR;

export const API_ERROR_CODES = Object.keys(API_ERROR) as ApiErrorCode[];

export function httpStatusOf(code: ApiErrorCode): number {
  return API_ERROR[code].status;
}
