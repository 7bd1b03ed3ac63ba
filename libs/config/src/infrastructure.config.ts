import type { EnvReader } from './env-reader';

/** Connection settings every process shares: MongoDB, Redis and the queue namespace. */
export interface InfrastructureConfig {
  readonly mongoUrl: string;
  readonly mongoDb: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly logLevel: LogLevel;
  /** `json` (one JSON object a line, the default) or `pretty` (for people: what `npm start` uses). */
  readonly logFormat: LogFormat;
  readonly telemetry: TelemetryConfig;
  /** Attempts of a saga job before its step counts as failed for technical reasons. */
  readonly maxAttempts: number;
  /** First delay of the exponential backoff between attempts. */
  readonly retryDelayMs: number;
  /**
   * From SIGTERM to exit at the latest: readiness turns false, a worker stops taking jobs and
   * waits for its running ones (then hands the rest back to the queue), the API drains its
   * requests, connections close. Kubernetes' terminationGracePeriodSeconds must be longer.
   */
  readonly shutdownGraceMs: number;
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** OpenTelemetry traces: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
export interface TelemetryConfig {
  /** Base URL of an OTLP/HTTP collector (spans go to `<endpoint>/v1/traces`); undefined = no tracing. */
  readonly otlpEndpoint: string | undefined;
  /** The `service.name` of this process's spans; undefined = the app's own name. */
  readonly serviceName: string | undefined;
}

const NAME = /^[A-Za-z0-9_-]{1,48}$/;

export function readInfrastructure(env: EnvReader): InfrastructureConfig {
  return {
    mongoUrl: env.url('MONGO_URL', 'mongodb://127.0.0.1:27017', ['mongodb:', 'mongodb+srv:']),
    mongoDb: env.string('MONGO_DB', 'saga', NAME),
    redisUrl: env.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix: env.string('QUEUE_PREFIX', 'saga', NAME),
    logLevel: env.oneOf('LOG_LEVEL', 'log', LOG_LEVELS),
    logFormat: env.oneOf('LOG_FORMAT', 'json', LOG_FORMATS),
    telemetry: readTelemetry(env),
    maxAttempts: env.integer('MAX_ATTEMPTS', 8, 1, 1_000),
    retryDelayMs: env.integer('RETRY_DELAY_MS', 200, 1, 600_000),
    shutdownGraceMs: env.integer('SHUTDOWN_GRACE_MS', 10_000, 1_000, 600_000),
  };
}

export function readTelemetry(env: EnvReader): TelemetryConfig {
  return {
    otlpEndpoint: env.optionalUrl('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    serviceName: env.optionalString('OTEL_SERVICE_NAME', /^[A-Za-z0-9._-]{1,64}$/),
  };
}
