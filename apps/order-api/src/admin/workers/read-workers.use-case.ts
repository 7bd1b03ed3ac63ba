/**
 * The live worker processes (a heartbeat within the last three beats) and, per queue, a warning
 * when jobs wait and no live process consumes that queue.
 */
import { Injectable } from '@nestjs/common';
import { DatabaseClock, WorkerRegistryRepository, type WorkerRecord } from '@app/dal';
import { HEARTBEAT_MS } from '@app/saga';
import { SagaQueues } from '../saga-queues';

export interface WorkersView {
  readonly workers: Omit<WorkerRecord, 'expiresAt'>[];
  /** Queues with waiting jobs and no live consumer: `{ queue, waiting }`. */
  readonly unattended: { readonly queue: string; readonly waiting: number }[];
}

@Injectable()
export class ReadWorkers {
  constructor(
    private readonly registry: WorkerRegistryRepository,
    private readonly clock: DatabaseClock,
    private readonly queues: SagaQueues,
  ) {}

  async execute(): Promise<WorkersView> {
    const queues = this.queues.all;
    const since = new Date(this.clock.now().getTime() - 3 * HEARTBEAT_MS);
    const [alive, ...waiting] = await Promise.all([this.registry.alive(since), ...queues.map((queue) => queue.getJobCounts('waiting', 'prioritized'))]);
    const consumed = new Set(alive.filter((worker) => worker.state === 'consuming').map((worker) => worker.queue));
    const unattended = queues
      .map((queue, index) => ({ queue: queue.name, waiting: (waiting[index]?.['waiting'] ?? 0) + (waiting[index]?.['prioritized'] ?? 0) }))
      .filter((entry) => entry.waiting > 0 && !consumed.has(entry.queue));
    return { workers: alive.map(({ expiresAt: _expiresAt, ...worker }) => worker).sort((a, b) => a.kind.localeCompare(b.kind) || a._id.localeCompare(b._id)), unattended };
  }
}
