/**
 * `--consoles N`: an open operator console, as far as the servers can tell. It sends what the
 * console in `apps/admin-dashboard/public/` sends when an operator keeps the orders view open
 * with one order's detail drawer, during a burst:
 *  - on open: the overview (`GET /admin/metrics`), the live workers, the first page of orders
 *    (50, newest first), the open order, then the event stream `GET /admin/events`;
 *  - on each `orders` event: the open order again (once it has ended, at most every 15 s: the
 *    drawer's `ENDED_REFRESH_MS`); and, at most every 1.5 s (the list's `LIVE_MS`), the count
 *    of orders created after the first row (up to 100, `GET /admin/orders/count`) and the rows
 *    on screen by id (up to 100) — rows never move;
 *  - the live workers at most every 5 s while events arrive (`WORKERS_EVERY_MS`).
 * The overview tiles come inside the events; nothing is polled while the stream is up.
 */
import { isTerminal, type OrderStatus } from '@app/contracts';
import { AdminClient } from './admin-client';

const PAGE_SIZE = 50;
const NEWER_LIMIT = 100;
const LIVE_MS = 1_500;
const WORKERS_EVERY_MS = 5_000;
const ENDED_REFRESH_MS = 15_000;

interface OrderRow {
  readonly orderId: string;
  readonly createdAt: string;
}

export interface ConsoleFigures {
  readonly consoles: number;
  readonly events: number;
  readonly requests: number;
  readonly failures: number;
}

export class SimulatedConsoles {
  private readonly consoles: SimulatedConsole[];

  constructor(count: number, apiUrl: string, token: string) {
    this.consoles = Array.from({ length: count }, () => new SimulatedConsole(new AdminClient(apiUrl, token)));
  }

  /** Opens every console (first reads and the stream); resolves once all streams are connected. */
  async open(): Promise<void> {
    await Promise.all(this.consoles.map((console) => console.open()));
  }

  close(): ConsoleFigures {
    for (const console of this.consoles) console.close();
    return {
      consoles: this.consoles.length,
      events: sum(this.consoles.map((console) => console.events)),
      requests: sum(this.consoles.map((console) => console.client.requests)),
      failures: sum(this.consoles.map((console) => console.client.failures)),
    };
  }
}

class SimulatedConsole {
  events = 0;
  private readonly abort = new AbortController();
  private rows: OrderRow[] = [];
  private openOrderId: string | null = null;
  private liveTimer: NodeJS.Timeout | null = null;
  private workersReadAt = 0;
  private openOrderEnded = false;
  private openOrderReadAt = 0;

  constructor(readonly client: AdminClient) {}

  async open(): Promise<void> {
    await this.readWorkers();
    const [, rows] = await Promise.all([this.client.json('GET', '/admin/metrics'), this.client.json<OrderRow[]>('GET', '/admin/orders', { limit: String(PAGE_SIZE) })]);
    this.rows = rows;
    this.openOrderId = rows[0]?.orderId ?? null;
    await this.readOpenOrder();
    let connected: () => void = () => undefined;
    const firstEvent = new Promise<void>((resolve) => (connected = resolve));
    this.client
      .events((name) => {
        connected();
        this.onEvent(name);
      }, this.abort.signal)
      .catch(() => undefined);
    await firstEvent;
  }

  close(): void {
    this.abort.abort();
    if (this.liveTimer !== null) clearTimeout(this.liveTimer);
  }

  private onEvent(name: string): void {
    this.events += 1;
    if (Date.now() - this.workersReadAt >= WORKERS_EVERY_MS) this.ignoreFailure(this.readWorkers());
    if (name !== 'orders') return;
    this.ignoreFailure(this.readOpenOrder());
    if (this.liveTimer === null) this.liveTimer = setTimeout(() => this.ignoreFailure(this.liveRefresh()), LIVE_MS);
  }

  private async liveRefresh(): Promise<void> {
    this.liveTimer = null;
    const first = this.rows[0];
    if (first === undefined) {
      this.rows = await this.client.json<OrderRow[]>('GET', '/admin/orders', { limit: String(PAGE_SIZE) });
      this.openOrderId ??= this.rows[0]?.orderId ?? null;
      return;
    }
    await Promise.all([
      this.client.json('GET', '/admin/orders/count', { from: new Date(Date.parse(first.createdAt) + 1).toISOString(), limit: String(NEWER_LIMIT) }),
      this.client.json('GET', '/admin/orders', { ids: this.rows.slice(0, 100).map((row) => row.orderId).join(',') }),
    ]);
  }

  private async readWorkers(): Promise<void> {
    this.workersReadAt = Date.now();
    await this.client.json('GET', '/admin/workers');
  }

  private async readOpenOrder(): Promise<void> {
    if (this.openOrderId === null) return;
    if (this.openOrderEnded && Date.now() - this.openOrderReadAt < ENDED_REFRESH_MS) return;
    this.openOrderReadAt = Date.now();
    const detail = await this.client.json<{ order: { status: OrderStatus } }>('GET', `/admin/orders/${encodeURIComponent(this.openOrderId)}`);
    this.openOrderEnded = isTerminal(detail.order.status);
  }

  /** A failed read is counted by the client; the console carries on, as the real one does. */
  private ignoreFailure(work: Promise<void>): void {
    work.catch(() => undefined);
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
