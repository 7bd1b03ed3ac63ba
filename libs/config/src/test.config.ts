import { EnvReader, type RawEnv } from './env-reader';

/** Where integration tests find their servers (set by the test runner, or by the user for a real MongoDB). */
export interface TestConfig {
  readonly mongoUrl: string;
  readonly redisUrl: string;
}

export function loadTestConfig(raw: RawEnv = process.env): TestConfig {
  const env = new EnvReader(raw);
  const config: TestConfig = {
    mongoUrl: env.url('MONGO_URL', 'mongodb://127.0.0.1:27017', ['mongodb:', 'mongodb+srv:']),
    redisUrl: env.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
  };
  env.done();
  return config;
}
