import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUE, stepJobId, type QueueName, type SagaStepName } from '@app/contracts';
import { queueOf } from '@app/domain';

/**
 * BullMQ keeps a delayed job in the queue's `delayed` sorted set under the score
 * `runAt (ms) × 0x1000 + a counter` (its `getDelayedScore`): the time comes back by dividing.
 * `SagaQueues.nextRunOf`'s test checks this against a real delayed job.
 */
const DELAYED_SCORE_SHIFT = 0x1000;

/** The saga's three queues, as the console reads them (depths, waiting jobs, a retrying step's next run). */
@Injectable()
export class SagaQueues {
  readonly all: readonly Queue[];
  private readonly byName: ReadonlyMap<QueueName, Queue>;

  constructor(@InjectQueue(QUEUE.INVENTORY) inventory: Queue, @InjectQueue(QUEUE.PAYMENT) payment: Queue, @InjectQueue(QUEUE.NOTIFICATION) notification: Queue) {
    this.all = [inventory, payment, notification];
    this.byName = new Map([
      [QUEUE.INVENTORY, inventory],
      [QUEUE.PAYMENT, payment],
      [QUEUE.NOTIFICATION, notification],
    ]);
  }

  /** When the job of `step` at saga `version` runs next, if it waits in the delayed set (a retry or re-queue with backoff); null otherwise. One Redis command. */
  async nextRunOf(orderId: string, step: SagaStepName, version: number): Promise<Date | null> {
    const queue = this.byName.get(queueOf(step));
    if (queue === undefined) return null;
    const score = await (await queue.client).zscore(queue.toKey('delayed'), stepJobId(orderId, version));
    return score === null ? null : new Date(Math.floor(Number(score) / DELAYED_SCORE_SHIFT));
  }
}
