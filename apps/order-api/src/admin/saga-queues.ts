import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUE } from '@app/contracts';

/** The saga's three queues, as the console reads them (depths, waiting jobs). */
@Injectable()
export class SagaQueues {
  readonly all: readonly Queue[];

  constructor(@InjectQueue(QUEUE.INVENTORY) inventory: Queue, @InjectQueue(QUEUE.PAYMENT) payment: Queue, @InjectQueue(QUEUE.NOTIFICATION) notification: Queue) {
    this.all = [inventory, payment, notification];
  }
}
