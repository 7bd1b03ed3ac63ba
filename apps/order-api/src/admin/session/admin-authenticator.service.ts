/**
 * Who makes an admin request, decided once for every admin route (the Nest guard) and for the
 * queues board (an Express middleware):
 * - `Authorization: Bearer <ADMIN_TOKEN>` (scripts): the operator `token`; no CSRF token needed
 *   (a browser never adds that header by itself). A wrong bearer is UNAUTHORIZED, whatever cookie
 *   comes with it.
 * - else the session cookie: a live session (its `expiresAt`, on the database's clock, in the
 *   future) is its operator; a mutating request (not GET, HEAD or OPTIONS) must also carry the
 *   session's `X-CSRF-Token`, else 403 CSRF_TOKEN_INVALID.
 * - neither: UNAUTHORIZED (401).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { ApiConfig } from '@app/config';
import { DatabaseClock, SessionRepository, type OperatorSession } from '@app/dal';
import { API_CONFIG } from '../../api-config.token';
import { ApiError } from '../../http/api.error';
import { OPERATOR_OF_TOKEN } from '../audit/operator';
import { readSessionCookie } from './session-cookie';
import { csrfTokenMatches, secretsMatch, sessionIdOf } from './session-secrets';

export const CSRF_HEADER = 'X-CSRF-Token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AdminPrincipal {
  readonly operator: string;
  /** The cookie session, when signed in with one (undefined for the bearer token). */
  readonly session?: OperatorSession;
}

@Injectable()
export class AdminAuthenticator {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly sessions: SessionRepository,
    private readonly clock: DatabaseClock,
  ) {}

  async authenticate(request: Request): Promise<AdminPrincipal> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const bearer = /^Bearer (.+)$/.exec(header)?.[1];
      if (bearer === undefined || !secretsMatch(bearer, this.config.adminToken)) throw unauthorized();
      return { operator: OPERATOR_OF_TOKEN };
    }
    const secret = readSessionCookie(request.headers.cookie);
    const session = secret === undefined ? null : await this.sessions.findLive(sessionIdOf(secret), this.clock.now());
    if (session === null) throw unauthorized();
    if (!SAFE_METHODS.has(request.method) && !csrfTokenMatches(request.get(CSRF_HEADER), session.csrfToken)) {
      throw new ApiError('CSRF_TOKEN_INVALID', `A request that changes something needs the session's CSRF token in ${CSRF_HEADER} (from POST or GET /admin/session).`);
    }
    return { operator: session.operator, session };
  }
}

function unauthorized(): ApiError {
  return new ApiError('UNAUTHORIZED', 'Sign in (POST /admin/session) or send Authorization: Bearer <ADMIN_TOKEN>.');
}
