import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { QUEUE } from '@app/contracts';
import { redisOptionsFromUrl } from './redis-connection';
import { StepDispatcher } from './step-dispatcher.service';
import { QUEUE_OPTIONS, type QueueOptions } from './queue.tokens';

/** BullMQ on one Redis connection config, every saga queue registered, and the step dispatcher. */
@Module({})
export class QueueModule {
  static forRoot(options: QueueOptions): DynamicModule {
    const queues = BullModule.registerQueue(...Object.values(QUEUE).map((name) => ({ name })));
    return {
      module: QueueModule,
      global: true,
      imports: [BullModule.forRoot({ connection: redisOptionsFromUrl(options.redisUrl), prefix: options.prefix }), queues],
      providers: [{ provide: QUEUE_OPTIONS, useValue: options }, StepDispatcher],
      exports: [queues, StepDispatcher, QUEUE_OPTIONS],
    };
  }
}
