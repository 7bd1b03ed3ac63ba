import { createHash, randomUUID } from 'node:crypto';
import { RequestValidationError } from '../../http/request-validation.error';

const KEY_PATTERN = /^[\x20-\x7e]{1,200}$/;

/** Validates the optional Idempotency-Key header: 1-200 printable ASCII characters. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || !KEY_PATTERN.test(header)) {
    throw new RequestValidationError([{ path: 'Idempotency-Key', message: 'must be 1-200 printable ASCII characters' }]);
  }
  return header;
}

/**
 * A new order id: random (122 bits), so that nobody can find an order from a guessed
 * Idempotency-Key. "Same customer and key, one order" is held by the unique index on
 * `(customerId, idempotencyKey)` across every API instance at once.
 */
export function newOrderId(): string {
  return `ord_${randomUUID().replace(/-/g, '')}`;
}

/** A stable hash of the validated request (keys sorted), to tell a replay from a key reused for another order. */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
