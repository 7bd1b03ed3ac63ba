/** How a queue's consumer (this process's BullMQ worker) stands, for readiness. */
export type ConsumerState = 'consuming' | 'paused' | 'stopped';

/**
 * The queue consumers of this process (a worker has one; the API none): each step job
 * processor adds itself at bootstrap, the readiness check reads them.
 */
export class QueueConsumers {
  private readonly consumers = new Map<string, () => ConsumerState>();

  add(queue: string, state: () => ConsumerState): void {
    this.consumers.set(queue, state);
  }

  states(): Record<string, ConsumerState> {
    return Object.fromEntries([...this.consumers].map(([queue, state]) => [queue, state()]));
  }
}
