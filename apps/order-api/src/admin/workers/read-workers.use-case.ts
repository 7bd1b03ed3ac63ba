/**
 * The live worker processes (a heartbeat within the last three beats) and, per queue, a warning
 * when jobs wait and no live process consumes that queue. Every open console asks every 5 s;
 * the reads of one API instance within SHARE_MS share one answer (heartbeats come every 5 s, so
 * nothing is lost), so ten consoles cost about what one does.
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

const SHARE_MS = 1_000;

@Injectable()
export class ReadWorkers {
  private latest: { readonly at: number; readonly view: Promise<WorkersView> } | undefined;

  constructor(
    private readonly registry: WorkerRegistryRepository,
    private readonly clock: DatabaseClock,
    private readonly queues: SagaQueues,
  ) {}

  execute(): Promise<WorkersView> {
    const now = Date.now();
    if (this.latest !== undefined && now - this.latest.at < SHARE_MS) return this.latest.view;
    const view = this.read();
    this.latest = { at: now, view };
    view.catch(() => {
      if (this.latest?.view === view) this.latest = undefined; // a failed read is not shared
    });
    return view;
  }

  private async read(): Promise<WorkersView> {
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
