/** How a queue's consumer (this process's BullMQ worker) stands, for readiness. */
export type ConsumerState = 'consuming' | 'paused' | 'stopped';

export interface ConsumerSnapshot {
  readonly queue: string;
  readonly state: ConsumerState;
  readonly jobsInFlight: number;
}

interface Consumer {
  readonly state: () => ConsumerState;
  readonly jobsInFlight: () => number;
}

/**
 * The queue consumers of this process (a worker has one; the API none): each step job
 * processor adds itself at bootstrap; the readiness check and the worker's heartbeat read them.
 */
export class QueueConsumers {
  private readonly consumers = new Map<string, Consumer>();

  add(queue: string, state: () => ConsumerState, jobsInFlight: () => number = () => 0): void {
    this.consumers.set(queue, { state, jobsInFlight });
  }

  states(): Record<string, ConsumerState> {
    return Object.fromEntries(this.snapshots().map((snapshot) => [snapshot.queue, snapshot.state]));
  }

  snapshots(): ConsumerSnapshot[] {
    return [...this.consumers].map(([queue, consumer]) => ({ queue, state: consumer.state(), jobsInFlight: consumer.jobsInFlight() }));
  }
}
