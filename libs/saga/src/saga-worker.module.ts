import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import type { QueueName } from '@app/contracts';
import { DalModule, DatabaseClock, DatabasePing, WorkerRegistryRepository } from '@app/dal';
import { ObservabilityModule } from '@app/observability';
import { LifecycleModule } from '@app/lifecycle';
import { QueueModule } from '@app/queue';
import { ConsoleEventsModule } from './console-events.module';
import { DatabaseWatch } from './database-watch.service';
import { SagaGaugesModule } from './gauges/saga-gauges.module';
import { SagaHealthModule } from './health/saga-health.module';
import { ProviderCircuits } from './provider-circuits.service';
import { RECOVERY_OPTIONS, SagaRecoveryService } from './saga-recovery.service';
import { SagaStepRunner } from './saga-step-runner.service';
import { OrderTrends } from './trends/order-trends';
import { STEP_HANDLERS, type StepHandler } from './step-handler';
import { stepJobProcessorFor } from './step-job.processor';
import { WORKER_CONFIG } from './worker-config.token';
import { WorkerHeartbeat } from './worker-heartbeat.service';
import { QueueConsumers } from './health/queue-consumers';

/** An outage's probes: the first soon (a blip costs a quarter of a second), then every two seconds at most. */
const DATABASE_PROBES = { probeDelayMs: 250, probeMaxDelayMs: 2_000 } as const;

export interface SagaWorkerOptions {
  readonly queue: QueueName;
  readonly config: WorkerConfig;
  /** The steps and compensations this worker runs. */
  readonly handlers: readonly Type<StepHandler>[];
  /** What the handlers need besides the DAL (ports bound to adapters, services). */
  readonly providers?: readonly Provider[];
}

/**
 * Everything a saga worker process is: MongoDB, BullMQ, the queue's processor, the step runner
 * with this worker's handlers, the recovery sweep, the circuit breakers to outside providers, and
 * the database watch (every wait on MongoDB bounded by WORKER_DB_TIMEOUT_MS, so that an outage is
 * noticed within seconds and the worker stops taking jobs until the database answers), and what
 * makes it observable: the pino logger, the metrics registry with its queue's gauges, and
 * `/metrics`, `/health/live` and `/health/ready` for the small HTTP server on METRICS_PORT.
 */
@Module({})
export class SagaWorkerModule {
  static forQueue(options: SagaWorkerOptions): DynamicModule {
    const { config } = options;
    return {
      module: SagaWorkerModule,
      imports: [
        LifecycleModule.forRoot(config),
        DalModule.forRoot({ ...config, operationTimeoutMs: config.dbTimeoutMs }),
        QueueModule.forRoot({ redisUrl: config.redisUrl, redisClusterNodes: config.redisClusterNodes, prefix: config.queuePrefix, maxAttempts: config.maxAttempts, retryDelayMs: config.retryDelayMs, failedJobRetentionDays: config.retention.failedJobDays }),
        ConsoleEventsModule.forRoot({ redisUrl: config.redisUrl, redisClusterNodes: config.redisClusterNodes, queuePrefix: config.queuePrefix }),
        ObservabilityModule.forRoot({ app: `${options.queue}-worker`, logLevel: config.logLevel, logFormat: config.logFormat }),
        SagaHealthModule,
        SagaGaugesModule.forProcess({ queues: [options.queue], sagas: false }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        ...(options.providers ?? []),
        ...options.handlers,
        { provide: STEP_HANDLERS, useFactory: (...handlers: StepHandler[]): StepHandler[] => handlers, inject: [...options.handlers] },
        { provide: RECOVERY_OPTIONS, useValue: { intervalMs: config.recovery.intervalMs, stuckAfterMs: config.recovery.stuckAfterMs, batchSize: 100 } },
        SagaStepRunner,
        OrderTrends,
        SagaRecoveryService,
        ProviderCircuits,
        { provide: DatabaseWatch, useFactory: (database: DatabasePing): DatabaseWatch => new DatabaseWatch(() => database.ping(), DATABASE_PROBES), inject: [DatabasePing] },
        stepJobProcessorFor(options.queue, config),
        {
          provide: WorkerHeartbeat,
          useFactory: (registry: WorkerRegistryRepository, consumers: QueueConsumers, clock: DatabaseClock): WorkerHeartbeat =>
            new WorkerHeartbeat(registry, consumers, clock, { kind: `${options.queue}-worker`, queue: options.queue, concurrency: config.concurrency }),
          inject: [WorkerRegistryRepository, QueueConsumers, DatabaseClock],
        },
      ],
    };
  }
}
