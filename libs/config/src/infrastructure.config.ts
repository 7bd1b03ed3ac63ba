import type { EnvReader } from './env-reader';
import { readRetention, type RetentionConfig } from './retention.config';

/** Connection settings every process shares: MongoDB, Redis and the queue namespace. */
export interface InfrastructureConfig {
  readonly mongoUrl: string;
  readonly mongoDb: string;
  /** Standalone Redis; with `redisClusterNodes` only its user, password and `rediss:` (TLS) are used. */
  readonly redisUrl: string;
  /** A Redis Cluster's seed nodes (REDIS_CLUSTER_NODES); undefined = the standalone Redis at `redisUrl`. */
  readonly redisClusterNodes: readonly RedisNode[] | undefined;
  /**
   * The namespace of every Redis key (BullMQ queues, the console's channel, rate-limit counters).
   * On a cluster it must carry a hash tag (`{saga}`): BullMQ's scripts touch several keys of a
   * queue at once, which a cluster allows only when they hash to one slot.
   */
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
  /** How long finished orders, their ledger and outbox records, and failed jobs are kept. */
  readonly retention: RetentionConfig;
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

export interface RedisNode {
  readonly host: string;
  readonly port: number;
}

const NAME = /^[A-Za-z0-9_-]{1,48}$/;
/** A name, optionally with one hash tag in it: `saga`, `{saga}`, `shop-{saga}`. */
const QUEUE_PREFIX = /^(?=.{1,48}$)[A-Za-z0-9_-]*(?:\{[A-Za-z0-9_-]+\}[A-Za-z0-9_-]*)?$/;
const HASH_TAGGED = /\{[^{}]+\}/;

export function readInfrastructure(env: EnvReader): InfrastructureConfig {
  const mongoUrl = env.url('MONGO_URL', 'mongodb://127.0.0.1:27017', ['mongodb:', 'mongodb+srv:']);
  const mongoDb = env.string('MONGO_DB', 'saga', NAME);
  const redisUrl = env.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']);
  const redisClusterNodes = readClusterNodes(env);
  const queuePrefix = env.string('QUEUE_PREFIX', 'saga', QUEUE_PREFIX);
  if (redisClusterNodes !== undefined) {
    env.require(HASH_TAGGED.test(queuePrefix), 'QUEUE_PREFIX', `must contain a hash tag in braces, e.g. {${queuePrefix.replace(/[{}]/g, '') || 'saga'}}, when REDIS_CLUSTER_NODES is set (BullMQ needs each queue's keys in one cluster slot; got "${queuePrefix}")`);
    env.require(databaseOf(redisUrl) === 0, 'REDIS_URL', 'must not name a database other than 0 when REDIS_CLUSTER_NODES is set (a cluster has only database 0)');
  }
  return {
    mongoUrl,
    mongoDb,
    redisUrl,
    redisClusterNodes,
    queuePrefix,
    logLevel: env.oneOf('LOG_LEVEL', 'log', LOG_LEVELS),
    logFormat: env.oneOf('LOG_FORMAT', 'json', LOG_FORMATS),
    telemetry: readTelemetry(env),
    maxAttempts: env.integer('MAX_ATTEMPTS', 8, 1, 1_000),
    retryDelayMs: env.integer('RETRY_DELAY_MS', 200, 1, 600_000),
    shutdownGraceMs: env.integer('SHUTDOWN_GRACE_MS', 10_000, 1_000, 600_000),
    retention: readRetention(env),
  };
}

export function readTelemetry(env: EnvReader): TelemetryConfig {
  return {
    otlpEndpoint: env.optionalUrl('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
    serviceName: env.optionalString('OTEL_SERVICE_NAME', /^[A-Za-z0-9._-]{1,64}$/),
  };
}

/** REDIS_CLUSTER_NODES: `host:port` pairs separated by commas (any reachable subset of the cluster's masters). */
function readClusterNodes(env: EnvReader): readonly RedisNode[] | undefined {
  const raw = env.optionalString('REDIS_CLUSTER_NODES');
  if (raw === undefined) return undefined;
  const nodes: RedisNode[] = [];
  for (const entry of raw.split(',').map((part) => part.trim())) {
    const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(entry);
    const port = match === null ? NaN : Number(match[2]);
    if (match === null || port < 1 || port > 65_535) {
      env.require(false, 'REDIS_CLUSTER_NODES', `must be host:port pairs separated by commas (got "${entry}")`);
      return undefined;
    }
    nodes.push({ host: match[1].replace(/^\[|\]$/g, ''), port });
  }
  return nodes;
}

function databaseOf(url: string): number {
  try {
    const path = new URL(url).pathname;
    return path.length > 1 ? Number(path.slice(1)) : 0;
  } catch {
    return 0; // REDIS_URL's own check names the problem
  }
}
