import { Processor } from '@nestjs/bullmq';
import { Inject, type Type } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import type { Job } from 'bullmq';
import { isStepBatch, type QueueName, type SagaJobData, type StepJobData } from '@app/contracts';
import { ShutdownState } from '@app/lifecycle';
import { MetricsRegistry } from '@app/observability';
import { SagaJobProcessor, StepDispatcher, type AttemptInfo } from '@app/queue';
import { DatabaseWatch } from './database-watch.service';
import { QueueConsumers } from './health/queue-consumers';
import { SagaStepRunner } from './saga-step-runner.service';
import { WORKER_CONFIG } from './worker-config.token';

/**
 * Builds the BullMQ processor of one queue: every step (alone or in a batch job) goes to the saga
 * step runner; WORKER_CONCURRENCY bounds both the jobs taken and the steps run at once. A job whose
 * worker died stays locked for `jobLockMs`, then BullMQ's stalled-job check hands it to another.
 * The BullMQ worker is the database watch's job intake: paused without waiting for its running
 * jobs (`pause(true)`) while MongoDB does not answer, resumed when it does — never once shutdown
 * has begun (the drain has closed it for good); readiness reads its state.
 */
export function stepJobProcessorFor(queue: QueueName, config: WorkerConfig): Type<SagaJobProcessor> {
  @Processor(queue, { autorun: false, concurrency: config.concurrency, lockDuration: config.jobLockMs, stalledInterval: config.jobLockMs, maxStalledCount: 3 })
  class StepJobProcessor extends SagaJobProcessor {
    constructor(
      private readonly runner: SagaStepRunner,
      private readonly database: DatabaseWatch,
      private readonly consumers: QueueConsumers,
      @Inject(WORKER_CONFIG) config: WorkerConfig,
      shutdown: ShutdownState,
      dispatcher: StepDispatcher,
      private readonly prometheus: MetricsRegistry,
    ) {
      super(
        {
          concurrency: config.concurrency,
          lockRetryDelayMs: config.lockRetryDelayMs,
          lockRetryMaxDelayMs: config.lockRetryMaxDelayMs,
          providerRetryDelayMs: config.providerRetry.delayMs,
          providerRetryMaxDelayMs: config.providerRetry.maxDelayMs,
        },
        shutdown,
        dispatcher,
      );
    }

    override onApplicationBootstrap(): void {
      super.onApplicationBootstrap();
      this.database.attach({
        pause: () => this.worker.pause(true),
        resume: () => {
          if (!this.shutdown.shuttingDown) this.worker.resume();
        },
      });
      this.consumers.add(queue, () => (!this.worker.isRunning() ? 'stopped' : this.worker.isPaused() ? 'paused' : 'consuming'), () => this.stepsInFlight);
    }

    /** Counts the steps the job carries (`saga_job_steps`), then runs them. */
    override process(job: Job<SagaJobData>, token?: string): Promise<void> {
      this.prometheus.jobTaken(queue, isStepBatch(job.data) ? job.data.steps.length : 1);
      return super.process(job, token);
    }

    protected handle(data: StepJobData, attempt: AttemptInfo): Promise<void> {
      return this.runner.run(data, attempt);
    }
  }
  Object.defineProperty(StepJobProcessor, 'name', { value: `${queue[0]?.toUpperCase() ?? ''}${queue.slice(1)}StepJobProcessor` });
  return StepJobProcessor;
}
