/**
 * Finds which in-flight orders became terminal without adding per-order load: every ~100 ms ONE
 * query for all in-flight ids (`_id $in ids`, `saga.status $in` terminal, projected to the
 * status). Its own MongoDB commands are counted by the bench client's command counter and
 * subtracted; `idsQueried` estimates the documents it made the server examine (one per id).
 */
import type { Collection } from 'mongodb';
import { TERMINAL_STATUSES, type OrderStatus } from '@app/contracts';

export interface TerminalOrder {
  readonly orderId: string;
  readonly status: OrderStatus;
}

interface StatusDoc {
  readonly _id: string;
  readonly saga: { readonly status: OrderStatus };
}

export interface PollerHooks {
  /** The ids to look at now. */
  inFlight(): readonly string[];
  onTerminal(orders: readonly TerminalOrder[]): void;
  onError(error: unknown): void;
}

export class TerminalPoller {
  polls = 0;
  idsQueried = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly orders: Collection<StatusDoc>,
    private readonly hooks: PollerHooks,
    private readonly intervalMs = 100,
  ) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      const ids = this.hooks.inFlight();
      if (ids.length > 0) {
        try {
          const found = await this.orders
            .find({ _id: { $in: [...ids] }, 'saga.status': { $in: [...TERMINAL_STATUSES] } }, { projection: { 'saga.status': 1 }, batchSize: ids.length + 1 })
            .toArray();
          this.polls += 1;
          this.idsQueried += ids.length;
          if (found.length > 0) this.hooks.onTerminal(found.map((doc) => ({ orderId: doc._id, status: doc.saga.status })));
        } catch (error) {
          this.hooks.onError(error);
        }
      }
      await sleep(Math.max(5, this.intervalMs - (Date.now() - started)));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
