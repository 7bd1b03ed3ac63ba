import { EnvReader, type RawEnv } from './env-reader';

/** The dev/test sandbox that plays the payment provider and the mail server. */
export interface SandboxConfig {
  readonly host: string;
  readonly httpPort: number;
  readonly smtpPort: number;
  /** How long the provider waits before answering a `tok_timeout` payment (and how long a `tok_late` one waits before it commits) (longer than the client's timeout). */
  readonly slowResponseMs: number;
  readonly apiKey: string;
  /** After this long an uncaptured (`requires_capture`) PaymentIntent is canceled as `automatic` (Stripe: 7 days). */
  readonly authorizationTtlMs: number;
}

export function loadSandboxConfig(raw: RawEnv = process.env): SandboxConfig {
  const env = new EnvReader(raw);
  const config: SandboxConfig = {
    host: env.string('SANDBOX_HOST', '127.0.0.1'),
    httpPort: env.port('SANDBOX_HTTP_PORT', 4000),
    smtpPort: env.port('SANDBOX_SMTP_PORT', 2525),
    slowResponseMs: env.integer('SANDBOX_SLOW_RESPONSE_MS', 5_000, 1, 600_000),
    apiKey: env.string('PAYMENT_API_KEY', 'sk_test_sandbox'),
    authorizationTtlMs: env.integer('SANDBOX_AUTHORIZATION_TTL_MS', 604_800_000, 1, 31 * 24 * 3_600_000),
  };
  env.done();
  return config;
}
