import { BullModule } from '@nestjs/bullmq';
import { Module, type DynamicModule } from '@nestjs/common';
import { QUEUE } from '@app/contracts';
import { QueueConnection } from './queue-connection';
import { StepDispatcher } from './step-dispatcher.service';
import { QUEUE_OPTIONS, type QueueOptions } from './queue.tokens';

/** The owner of BullMQ's connection (a standalone Redis's options, or one shared cluster client). */
@Module({})
class QueueConnectionModule {
  static forRoot(options: QueueOptions): DynamicModule {
    return {
      module: QueueConnectionModule,
      providers: [{ provide: QUEUE_OPTIONS, useValue: options }, QueueConnection],
      exports: [QueueConnection],
    };
  }
}

/** BullMQ on one Redis (standalone or cluster), every saga queue registered, and the step dispatcher. */
@Module({})
export class QueueModule {
  static forRoot(options: QueueOptions): DynamicModule {
    const queues = BullModule.registerQueue(...Object.values(QUEUE).map((name) => ({ name })));
    const root = BullModule.forRootAsync({
      imports: [QueueConnectionModule.forRoot(options)],
      inject: [QueueConnection],
      useFactory: (connection: QueueConnection) => ({ connection: connection.bullmq, prefix: options.prefix }),
    });
    return {
      module: QueueModule,
      global: true,
      imports: [root, queues],
      providers: [{ provide: QUEUE_OPTIONS, useValue: options }, StepDispatcher],
      exports: [queues, StepDispatcher, QUEUE_OPTIONS],
    };
  }
}
