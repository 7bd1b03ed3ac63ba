import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csrfTokenMatches, newCsrfToken, newSessionSecret, secretsMatch, sessionIdOf } from './session-secrets';

describe('session secrets and the CSRF check', () => {
  it('stores only a digest of the cookie secret, the same for the same secret', () => {
    const secret = newSessionSecret();
    assert.match(secret, /^[A-Za-z0-9_-]{43}$/);
    assert.match(sessionIdOf(secret), /^[0-9a-f]{64}$/);
    assert.equal(sessionIdOf(secret), sessionIdOf(secret));
    assert.notEqual(sessionIdOf(secret), sessionIdOf(newSessionSecret()));
    assert.ok(!sessionIdOf(secret).includes(secret));
  });

  it('accepts only the session\'s own CSRF token: a missing, empty, other or longer one is refused', () => {
    const token = newCsrfToken();
    assert.equal(csrfTokenMatches(token, token), true);
    for (const sent of [undefined, '', newCsrfToken(), `${token}x`, token.slice(1)]) assert.equal(csrfTokenMatches(sent, token), false, String(sent));
  });

  it('compares secrets of any length without throwing', () => {
    assert.equal(secretsMatch('a', 'a'), true);
    assert.equal(secretsMatch('a', 'a much longer secret'), false);
  });
});
