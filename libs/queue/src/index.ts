export { QueueModule } from './queue.module';
export { StepDispatcher } from './step-dispatcher.service';
export { SagaJobProcessor, type AttemptInfo, type ProcessorSettings } from './saga-job.processor';
export { createClusterClient, createRedisClient, redisOptionsFromUrl, type RedisClient, type RedisTarget } from './redis-connection';
export { QUEUE_OPTIONS, type QueueOptions } from './queue.tokens';
export { InFlightJobs, type DrainOutcome } from './in-flight-jobs';
