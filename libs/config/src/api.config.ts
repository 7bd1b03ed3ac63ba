import { EnvReader, type RawEnv } from './env-reader';
import { readInfrastructure, type InfrastructureConfig } from './infrastructure.config';

/** The order API: HTTP listener, admin credentials and request limits. */
export interface ApiConfig extends InfrastructureConfig {
  readonly host: string;
  readonly port: number;
  readonly adminToken: string;
  readonly maxBodyBytes: number;
  /** Every database operation of a request is bounded by this: MongoDB frozen or gone = 503 after it. */
  readonly dbTimeoutMs: number;
  /** Key of the customers' order access tokens; unset = derived from the admin token. */
  readonly orderTokenSecret: string | undefined;
  /** POST /orders per client IP per minute, counted in Redis (shared by every API instance); 0 = no limit. */
  readonly rateLimitPerMinute: number;
  /** Take the client IP from X-Forwarded-For (behind an ingress or load balancer). */
  readonly trustProxy: boolean;
  /** How long a console session lasts from its sign-in (the cookie's Max-Age and the stored `expiresAt`). */
  readonly sessionTtlMs: number;
  /**
   * The console calls a saga stuck when its step was dispatched longer ago than this: the workers'
   * recovery sweep re-stamps every saga it takes back (after STUCK_AFTER_MS), so one still older is
   * one nothing is rescuing (no worker runs its sweep, or the sweep fails).
   */
  readonly stuckAlertAfterMs: number;
}

export function loadApiConfig(raw: RawEnv = process.env): ApiConfig {
  const env = new EnvReader(raw);
  const config: ApiConfig = {
    ...readInfrastructure(env),
    host: env.string('API_HOST', '0.0.0.0'),
    port: env.port('API_PORT', 3000),
    adminToken: env.string('ADMIN_TOKEN', undefined, /^[\x21-\x7e]{16,200}$/),
    maxBodyBytes: env.integer('MAX_BODY_BYTES', 16_384, 1_024, 1_048_576),
    dbTimeoutMs: env.integer('API_DB_TIMEOUT_MS', 2_000, 100, 60_000),
    orderTokenSecret: env.optionalString('ORDER_TOKEN_SECRET', /^[\x21-\x7e]{32,200}$/),
    rateLimitPerMinute: env.integer('RATE_LIMIT_PER_MINUTE', 600, 0, 10_000_000),
    trustProxy: env.oneOf('TRUST_PROXY', 'false', ['true', 'false'] as const) === 'true',
    sessionTtlMs: env.integer('SESSION_TTL_MS', 28_800_000, 1_000, 2_592_000_000),
    stuckAlertAfterMs: env.integer('STUCK_ALERT_AFTER_MS', 120_000, 1_000, 86_400_000),
  };
  env.done();
  return config;
}
