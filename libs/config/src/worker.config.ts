import { EnvReader, type RawEnv } from './env-reader';
import { readInfrastructure, type InfrastructureConfig } from './infrastructure.config';

/** Every worker process: queue concurrency, lock and retry timing, and the outside services. */
export interface WorkerConfig extends InfrastructureConfig {
  readonly concurrency: number;
  /** Where the worker serves `/metrics`, `/health/live` and `/health/ready`. */
  readonly metricsHost: string;
  /** 0 = a free port, printed in the ready line (the default: many local processes never collide); Kubernetes sets a fixed one. */
  readonly metricsPort: number;
  /**
   * The longest any wait on MongoDB lasts (socket, connect, server selection): a frozen or
   * unreachable database fails a step after about this long, and the worker stops taking jobs
   * until it answers again.
   */
  readonly dbTimeoutMs: number;
  /** BullMQ job lock: a job whose worker died is handed to another worker after about this long. */
  readonly jobLockMs: number;
  /** How long an inventory lock document is valid before another worker may take it over. */
  readonly lockTtlMs: number;
  /** First delay before a job whose item lock was busy is tried again; doubles per attempt. */
  readonly lockRetryDelayMs: number;
  /** Ceiling of that delay, so that a job on a hot item keeps coming back often. */
  readonly lockRetryMaxDelayMs: number;
  readonly payment: {
    readonly url: string;
    readonly apiKey: string;
    readonly timeoutMs: number;
  };
  readonly mail: {
    readonly smtpUrl: string;
    readonly from: string;
    /** How long a sender holds a message's outbox lease: longer than a send can take (SMTP timeouts 5 s + 10 s). */
    readonly leaseMs: number;
  };
  /** An order not past the pivot this long after it was placed is cancelled (TIMEOUT) when a step meets a busy lock or a provider outage. */
  readonly orderDeadlineMs: number;
  /** How a step rides out an outage of the payment provider or the mail server. */
  readonly providerRetry: ProviderRetryConfig;
  readonly recovery: {
    /** How often the recovery sweep looks for sagas whose job was lost. */
    readonly intervalMs: number;
    /** A saga that has not moved for this long is re-dispatched. */
    readonly stuckAfterMs: number;
  };
}

export interface ProviderRetryConfig {
  /** A step whose provider keeps failing transiently is retried this long (from its first failure), then gives up. */
  readonly windowMs: number;
  /** First delay of those retries; doubles per retry, with jitter. */
  readonly delayMs: number;
  /** Ceiling of that delay. */
  readonly maxDelayMs: number;
  /** Consecutive transient failures of a provider (per process) that open its circuit. */
  readonly circuitFailureThreshold: number;
  /** How long an open circuit refuses calls before one trial call may go through. */
  readonly circuitOpenMs: number;
}

export function loadWorkerConfig(raw: RawEnv = process.env): WorkerConfig {
  const env = new EnvReader(raw);
  const config: WorkerConfig = {
    ...readInfrastructure(env),
    concurrency: env.integer('WORKER_CONCURRENCY', 8, 1, 256),
    metricsHost: env.string('METRICS_HOST', '0.0.0.0'),
    metricsPort: env.port('METRICS_PORT', 0),
    dbTimeoutMs: env.integer('WORKER_DB_TIMEOUT_MS', 5_000, 100, 60_000),
    jobLockMs: env.integer('JOB_LOCK_MS', 30_000, 1_000, 600_000),
    lockTtlMs: env.integer('LOCK_TTL_MS', 30_000, 100, 3_600_000),
    lockRetryDelayMs: env.integer('LOCK_RETRY_DELAY_MS', 50, 1, 60_000),
    lockRetryMaxDelayMs: env.integer('LOCK_RETRY_MAX_DELAY_MS', 1_000, 1, 600_000),
    payment: {
      url: env.url('PAYMENT_PROVIDER_URL', 'http://127.0.0.1:4000', ['http:', 'https:']),
      apiKey: env.string('PAYMENT_API_KEY', 'sk_test_sandbox'),
      timeoutMs: env.integer('PAYMENT_TIMEOUT_MS', 2_000, 50, 120_000),
    },
    mail: {
      smtpUrl: env.url('SMTP_URL', 'smtp://127.0.0.1:2525', ['smtp:', 'smtps:']),
      from: env.string('MAIL_FROM', 'orders@example.com'),
      leaseMs: env.integer('MAIL_LEASE_MS', 60_000, 20_000, 3_600_000),
    },
    orderDeadlineMs: env.integer('ORDER_DEADLINE_MS', 1_800_000, 1_000, 604_800_000),
    providerRetry: {
      windowMs: env.integer('RETRY_WINDOW_MS', 900_000, 100, 86_400_000),
      delayMs: env.integer('PROVIDER_RETRY_DELAY_MS', 500, 1, 600_000),
      maxDelayMs: env.integer('PROVIDER_RETRY_MAX_DELAY_MS', 30_000, 1, 3_600_000),
      circuitFailureThreshold: env.integer('CIRCUIT_FAILURE_THRESHOLD', 5, 1, 10_000),
      circuitOpenMs: env.integer('CIRCUIT_OPEN_MS', 10_000, 10, 3_600_000),
    },
    recovery: {
      intervalMs: env.integer('RECOVERY_INTERVAL_MS', 5_000, 100, 3_600_000),
      stuckAfterMs: env.integer('STUCK_AFTER_MS', 30_000, 100, 86_400_000),
    },
  };
  env.require(config.orderDeadlineMs >= config.providerRetry.windowMs, 'ORDER_DEADLINE_MS', `must not be below RETRY_WINDOW_MS (${config.providerRetry.windowMs})`);
  env.done();
  return config;
}
