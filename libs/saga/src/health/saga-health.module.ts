import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueConsumers } from './queue-consumers';
import { ReadinessChecks } from './readiness-checks.service';

/** The readiness checks and the registry of queue consumers they read (MongoDB, Redis and queues come from the global DAL and queue modules). */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  providers: [ReadinessChecks, QueueConsumers],
  exports: [ReadinessChecks, QueueConsumers],
})
export class SagaHealthModule {}
