import type { EnvReader } from './env-reader';

/** Connection settings every process shares: MongoDB, Redis and the queue namespace. */
export interface InfrastructureConfig {
  readonly mongoUrl: string;
  readonly mongoDb: string;
  readonly redisUrl: string;
  readonly queuePrefix: string;
  readonly logLevel: LogLevel;
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const NAME = /^[A-Za-z0-9_-]{1,48}$/;

export function readInfrastructure(env: EnvReader): InfrastructureConfig {
  return {
    mongoUrl: env.url('MONGO_URL', 'mongodb://127.0.0.1:27017', ['mongodb:', 'mongodb+srv:']),
    mongoDb: env.string('MONGO_DB', 'saga', NAME),
    redisUrl: env.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix: env.string('QUEUE_PREFIX', 'saga', NAME),
    logLevel: env.oneOf('LOG_LEVEL', 'log', LOG_LEVELS),
  };
}
