/**
 * Signing an operator in: the name and password are checked against the stored scrypt hash (an
 * unknown name costs the same scrypt, against a hash of nothing, so timing does not tell names
 * apart), then a session is stored with its CSRF token and `expiresAt` = now + SESSION_TTL_MS
 * (the database's clock). The cookie secret is handed back once; only its SHA-256 is stored.
 *
 * Failed sign-ins are rate-limited: at most MAX_FAILURES per operator name and client IP per
 * FAILURE_WINDOW_MS (counted in Redis, shared by every API instance); past it every sign-in for
 * that name from that client, right or wrong, answers 429 RATE_LIMITED with Retry-After until the
 * window ends. Every failure is also slowed by the scrypt check itself. Errors: UNAUTHORIZED (one
 * message for a wrong name and a wrong password), RATE_LIMITED.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ApiConfig } from '@app/config';
import { DatabaseClock, OperatorRepository, SessionRepository, type OperatorSession } from '@app/dal';
import { API_CONFIG } from '../../api-config.token';
import { ApiError } from '../../http/api.error';
import { RateLimitedError } from '../../http/rate-limited.error';
import { RedisWindowCounter } from '../../http/redis-window-counter';
import { hashPassword, verifyPassword } from '../operators/password';
import { newCsrfToken, newSessionSecret, sessionIdOf } from './session-secrets';

export const MAX_FAILURES = 10;
export const FAILURE_WINDOW_MS = 15 * 60_000;

export interface SignedIn {
  /** The cookie's value. */
  readonly secret: string;
  readonly session: OperatorSession;
}

@Injectable()
export class SignIn {
  private readonly logger = new Logger(SignIn.name);
  private decoy: Promise<string> | undefined;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly operators: OperatorRepository,
    private readonly sessions: SessionRepository,
    private readonly failures: RedisWindowCounter,
    private readonly clock: DatabaseClock,
  ) {}

  async execute(name: string, password: string, clientIp: string): Promise<SignedIn> {
    const key = `sign-in:${clientIp}:${name}`;
    const failed = await this.failures.peek(key, FAILURE_WINDOW_MS);
    if (failed !== undefined && failed.count >= MAX_FAILURES) throw new RateLimitedError(failed.retryAfterSeconds, `failed sign-ins as ${name} from this client`);
    const operator = await this.operators.find(name);
    const matches = await verifyPassword(password, operator?.passwordHash ?? (await this.decoyHash()));
    if (operator === null || !matches) {
      await this.failures.hit(key, FAILURE_WINDOW_MS);
      this.logger.warn(`failed sign-in as ${name} from ${clientIp}`);
      throw new ApiError('UNAUTHORIZED', 'Wrong operator name or password.');
    }
    const secret = newSessionSecret();
    const now = this.clock.now();
    const session: OperatorSession = { _id: sessionIdOf(secret), operator: operator._id, csrfToken: newCsrfToken(), createdAt: now, expiresAt: new Date(now.getTime() + this.config.sessionTtlMs) };
    await this.sessions.create(session);
    return { secret, session };
  }

  /** A hash no password matches, made once, so that an unknown name costs one scrypt like a known one. */
  private decoyHash(): Promise<string> {
    this.decoy ??= hashPassword(newSessionSecret());
    return this.decoy;
  }
}
