import { createHash, randomUUID } from 'node:crypto';
import { RequestValidationError } from '../../http/api.errors';

const KEY_PATTERN = /^[\x20-\x7e]{1,200}$/;

/** Validates the optional Idempotency-Key header: 1-200 printable ASCII characters. */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || !KEY_PATTERN.test(header)) {
    throw new RequestValidationError([{ field: 'Idempotency-Key', messages: ['Idempotency-Key must be 1-200 printable ASCII characters'] }]);
  }
  return header;
}

/**
 * The order id: derived from the Idempotency-Key when there is one, so the unique `_id` index
 * itself makes "same key, one order" hold across every API instance at once; random otherwise.
 */
export function orderIdFor(idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return `ord_${randomUUID().replace(/-/g, '')}`;
  return `ord_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
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
