import { EnvReader, type RawEnv } from './env-reader';

/** The dev/test sandbox that plays the payment provider and the mail server. */
export interface SandboxConfig {
  readonly host: string;
  readonly httpPort: number;
  readonly smtpPort: number;
  /** How long the provider waits before answering a `tok_timeout` charge (longer than the client's timeout). */
  readonly slowResponseMs: number;
  readonly apiKey: string;
}

export function loadSandboxConfig(raw: RawEnv = process.env): SandboxConfig {
  const env = new EnvReader(raw);
  const config: SandboxConfig = {
    host: env.string('SANDBOX_HOST', '127.0.0.1'),
    httpPort: env.port('SANDBOX_HTTP_PORT', 4000),
    smtpPort: env.port('SANDBOX_SMTP_PORT', 2525),
    slowResponseMs: env.integer('SANDBOX_SLOW_RESPONSE_MS', 5_000, 1, 600_000),
    apiKey: env.string('PAYMENT_API_KEY', 'sk_test_sandbox'),
  };
  env.done();
  return config;
}
