import { EnvReader, type RawEnv } from './env-reader';

/** Where integration tests find their servers (set by the test runner, or by the user for a real MongoDB). */
export interface TestConfig {
  readonly mongoUrl: string;
  readonly redisUrl: string;
  /** The Chromium binary browser tests drive (Debian's package by default). */
  readonly chromiumPath: string;
  /** Where the console tour writes its screenshots; `SCREENSHOT_DIR=docs/dashboard` refreshes the documented ones. */
  readonly screenshotDir: string;
}

export function loadTestConfig(raw: RawEnv = process.env): TestConfig {
  const env = new EnvReader(raw);
  const config: TestConfig = {
    mongoUrl: env.url('MONGO_URL', 'mongodb://127.0.0.1:27017', ['mongodb:', 'mongodb+srv:']),
    redisUrl: env.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    chromiumPath: env.string('CHROMIUM_PATH', '/usr/bin/chromium'),
    screenshotDir: env.string('SCREENSHOT_DIR', 'reports/dashboard'),
  };
  env.done();
  return config;
}
