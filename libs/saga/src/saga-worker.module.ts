import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import type { QueueName } from '@app/contracts';
import { DalModule } from '@app/dal';
import { QueueModule } from '@app/queue';
import { ProviderCircuits } from './provider-circuits.service';
import { RECOVERY_OPTIONS, SagaRecoveryService } from './saga-recovery.service';
import { SagaStepRunner } from './saga-step-runner.service';
import { STEP_HANDLERS, type StepHandler } from './step-handler';
import { stepJobProcessorFor } from './step-job.processor';
import { WORKER_CONFIG } from './worker-config.token';

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
 * with this worker's handlers, the recovery sweep, and the circuit breakers to outside providers.
 */
@Module({})
export class SagaWorkerModule {
  static forQueue(options: SagaWorkerOptions): DynamicModule {
    const { config } = options;
    return {
      module: SagaWorkerModule,
      imports: [
        DalModule.forRoot(config),
        QueueModule.forRoot({ redisUrl: config.redisUrl, prefix: config.queuePrefix, maxAttempts: config.maxAttempts, retryDelayMs: config.retryDelayMs }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        ...(options.providers ?? []),
        ...options.handlers,
        { provide: STEP_HANDLERS, useFactory: (...handlers: StepHandler[]): StepHandler[] => handlers, inject: [...options.handlers] },
        { provide: RECOVERY_OPTIONS, useValue: { intervalMs: config.recovery.intervalMs, stuckAfterMs: config.recovery.stuckAfterMs, batchSize: 100 } },
        SagaStepRunner,
        SagaRecoveryService,
        ProviderCircuits,
        stepJobProcessorFor(options.queue, config),
      ],
    };
  }
}
