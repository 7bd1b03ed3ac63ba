import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readSessionCookie, SESSION_COOKIE, sessionCookieOptions } from './session-cookie';

describe('the session cookie', () => {
  it('is HTTP-only, SameSite=Strict, scoped to /admin, Secure only over https, with the session\'s lifetime', () => {
    assert.deepEqual(sessionCookieOptions(false, 60_000), { httpOnly: true, sameSite: 'strict', secure: false, path: '/admin', maxAge: 60_000 });
    assert.equal(sessionCookieOptions(true, 60_000).secure, true);
  });

  it('is read from a Cookie header among others, and only by its exact name', () => {
    assert.equal(readSessionCookie(`a=1; ${SESSION_COOKIE}=abc_-1; b=2`), 'abc_-1');
    assert.equal(readSessionCookie(`${SESSION_COOKIE}=x=y`), 'x=y');
    assert.equal(readSessionCookie(`x${SESSION_COOKIE}=abc`), undefined);
    assert.equal(readSessionCookie(`${SESSION_COOKIE}=`), undefined);
    assert.equal(readSessionCookie(undefined), undefined);
  });
});
