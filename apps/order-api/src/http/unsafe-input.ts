/**
 * Checks run on a request body before any DTO sees it: object keys that start with `$`, contain
 * `.` or are prototype keys (so that query operators can never reach MongoDB through a body), and
 * strings that are not well-formed Unicode (an unpaired UTF-16 surrogate is valid JSON, but cannot
 * be stored as UTF-8 without changing it). One `FieldError` per offending path.
 */
import type { FieldError } from './error-response.schema';
import { fieldPath } from './field-path';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const OPERATOR_KEY = 'is not allowed as a field name (no "$" prefix, no ".", no prototype keys)';
const MALFORMED_STRING = 'must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)';

/** Matches only unpaired surrogates: with the `u` flag a well-formed pair is one code point. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function findOperatorKeys(value: unknown, path = ''): FieldError[] {
  return children(value, path).flatMap(([key, child, childPath]) =>
    typeof key === 'string' && (key.startsWith('$') || key.includes('.') || FORBIDDEN_KEYS.has(key)) ? [{ path: childPath, message: OPERATOR_KEY }] : findOperatorKeys(child, childPath),
  );
}

export function findMalformedStrings(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? [{ path: path === '' ? 'body' : path, message: MALFORMED_STRING }] : [];
  return children(value, path).flatMap(([, child, childPath]) => findMalformedStrings(child, childPath));
}

/** The entries of an array or object as `[key, value, path]` (array indexes are numbers). */
function children(value: unknown, path: string): [string | number, unknown, string][] {
  if (Array.isArray(value)) return value.map((child: unknown, index) => [index, child, fieldPath(path, index)]);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).map(([key, child]) => [key, child, fieldPath(path, key)]);
}
