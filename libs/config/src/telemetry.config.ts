import { EnvReader, type RawEnv } from './env-reader';
import { readTelemetry, type TelemetryConfig } from './infrastructure.config';

/**
 * Only the tracing variables, read before anything else of a process is loaded (the
 * instrumentations must patch `http`, `mongodb` and `ioredis` before those are first required).
 * Throws `InvalidEnvironmentError` like every loader; the process's own loader reports the same
 * problem again, with all the others.
 */
export function loadTelemetryConfig(raw: RawEnv = process.env): TelemetryConfig {
  const env = new EnvReader(raw);
  const config = readTelemetry(env);
  env.done();
  return config;
}
