/**
 * The console session's cookie: `saga_session`, HTTP-only (no script reads it), SameSite=Strict
 * (no other site's page sends it), scoped to `/admin`, with Max-Age/Expires = the session's
 * lifetime, and Secure when the request came over https (`request.secure`, which honours
 * X-Forwarded-Proto when TRUST_PROXY is true).
 */
import type { CookieOptions } from 'express';

export const SESSION_COOKIE = 'saga_session';
export const SESSION_COOKIE_PATH = '/admin';

export function sessionCookieOptions(secure: boolean, maxAgeMs: number): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: SESSION_COOKIE_PATH, maxAge: maxAgeMs };
}

/** The session cookie's value in a `Cookie` header, or undefined. */
export function readSessionCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at !== -1 && part.slice(0, at).trim() === SESSION_COOKIE) {
      const value = part.slice(at + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}
