/**
 * The secrets of a console session: the cookie's value (32 random bytes, base64url), of which
 * the database keeps only the SHA-256 (`sessionIdOf`), and the session's CSRF token, compared
 * in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored `_id` of the session whose cookie holds `secret`. */
export function sessionIdOf(secret: string): string {
  return digest(secret).toString('hex');
}

export function newCsrfToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether the `X-CSRF-Token` a request sent is its session's (constant time; missing never matches). */
export function csrfTokenMatches(sent: string | undefined, expected: string): boolean {
  return sent !== undefined && secretsMatch(sent, expected);
}

/** Compares two secrets of any length in constant time. */
export function secretsMatch(sent: string, expected: string): boolean {
  return timingSafeEqual(digest(sent), digest(expected));
}
