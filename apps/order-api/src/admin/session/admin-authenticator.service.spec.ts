import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Request } from 'express';
import type { ApiConfig } from '@app/config';
import type { DatabaseClock, OperatorSession, SessionRepository } from '@app/dal';
import { ApiError } from '../../http/api.error';
import { AdminAuthenticator } from './admin-authenticator.service';
import { SESSION_COOKIE } from './session-cookie';
import { sessionIdOf } from './session-secrets';

const ADMIN_TOKEN = 'unit-admin-token-0123456789';
const NOW = new Date('2030-01-01T12:00:00Z');
const session: OperatorSession = { _id: sessionIdOf('cookie-secret'), operator: 'alice', csrfToken: 'csrf-alice', createdAt: NOW, expiresAt: new Date(NOW.getTime() + 60_000) };

/** A session store that applies the repository's filter: `_id` and `expiresAt > now`. */
const sessions = {
  findLive: (id: string, now: Date): Promise<OperatorSession | null> => Promise.resolve(id === session._id && session.expiresAt > now ? session : null),
} as unknown as SessionRepository;

function authenticator(now = NOW): AdminAuthenticator {
  return new AdminAuthenticator({ adminToken: ADMIN_TOKEN } as ApiConfig, sessions, { now: () => now } as DatabaseClock);
}

function request(method: string, headers: Record<string, string>): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method, headers: lower, get: (name: string) => lower[name.toLowerCase()] } as unknown as Request;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (failure: unknown) => failure);
  assert.ok(error instanceof ApiError, 'refused with an ApiError');
  return error.code;
}

describe('AdminAuthenticator', () => {
  const cookie = `${SESSION_COOKIE}=cookie-secret`;

  it('takes the bearer ADMIN_TOKEN as operator `token`, without a CSRF token, and refuses a wrong one even with a good cookie', async () => {
    assert.deepEqual(await authenticator().authenticate(request('POST', { authorization: `Bearer ${ADMIN_TOKEN}` })), { operator: 'token' });
    assert.equal(await refusal(authenticator().authenticate(request('GET', { authorization: 'Bearer wrong-token-wrong', cookie }))), 'UNAUTHORIZED');
    assert.equal(await refusal(authenticator().authenticate(request('GET', { authorization: `Basic ${ADMIN_TOKEN}` }))), 'UNAUTHORIZED');
  });

  it('takes a live session cookie as its operator; reads need no CSRF token', async () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) assert.equal((await authenticator().authenticate(request(method, { cookie }))).operator, 'alice');
  });

  it('refuses a mutating request with a session cookie but no or another CSRF token (403 CSRF_TOKEN_INVALID)', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      assert.equal(await refusal(authenticator().authenticate(request(method, { cookie }))), 'CSRF_TOKEN_INVALID', method);
      assert.equal(await refusal(authenticator().authenticate(request(method, { cookie, 'x-csrf-token': 'csrf-bob' }))), 'CSRF_TOKEN_INVALID', method);
      assert.equal((await authenticator().authenticate(request(method, { cookie, 'x-csrf-token': 'csrf-alice' }))).operator, 'alice', method);
    }
  });

  it('refuses no credentials, an unknown cookie, and a session past its expiresAt (401)', async () => {
    assert.equal(await refusal(authenticator().authenticate(request('GET', {}))), 'UNAUTHORIZED');
    assert.equal(await refusal(authenticator().authenticate(request('GET', { cookie: `${SESSION_COOKIE}=guessed` }))), 'UNAUTHORIZED');
    assert.equal(await refusal(authenticator(new Date(NOW.getTime() + 60_001)).authenticate(request('GET', { cookie }))), 'UNAUTHORIZED');
  });
});
