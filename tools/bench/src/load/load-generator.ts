/**
 * Places a run's orders and follows them until they are terminal.
 *
 * - Closed loop (`inflight` K): at most K orders are in the system at once — POSTed and not yet
 *   seen terminal by the poller; each terminal order (or refused POST) lets the next one in.
 * - Open loop (`rate` R): order i is due at start + i/R seconds whatever the system does; its
 *   POST latency is measured from when it was due, so a slow API cannot hide its queueing.
 *
 * Ends when every order was placed and every accepted one is terminal, or `drainTimeoutMs`
 * after the last POST answered (what is left is reported as not terminal).
 */
import type { OrderStatus } from '@app/contracts';
import { LatencyHistogram } from '../measure/latency-histogram';
import type { PlaceOrderBody } from '../scenario/order-body';
import type { OrderClient } from './order-client';
import type { TerminalOrder, TerminalPoller } from './terminal-poller';

export interface LoadPlan {
  readonly orders: number;
  readonly inflight: number;
  readonly rate: number | null;
  readonly drainTimeoutMs: number;
  bodyFor(index: number): PlaceOrderBody;
  /** Unique per order and run: lets a POST be sent again safely. */
  keyFor(index: number): string;
}

export interface LoadProgress {
  readonly total: number;
  readonly submitted: number;
  readonly rejected: number;
  readonly inFlight: number;
  readonly byStatus: Readonly<Partial<Record<OrderStatus, number>>>;
  readonly terminal: number;
  readonly elapsedMs: number;
}

export interface LoadOutcome {
  readonly acceptedIds: readonly string[];
  readonly rejected: number;
  /** The first few reasons a POST was refused. */
  readonly rejections: readonly string[];
  readonly nonTerminalIds: readonly string[];
  /** Client-side POST /orders latency (202 received), ms. */
  readonly postLatency: LatencyHistogram;
  readonly startedAt: number;
  readonly endedAt: number;
}

const OPEN_LOOP_TICK_MS = 5;
const MAX_REJECTIONS_KEPT = 5;

export class LoadGenerator {
  private readonly inFlight = new Set<string>();
  private readonly acceptedIds: string[] = [];
  private readonly rejections: string[] = [];
  private readonly byStatus: Partial<Record<OrderStatus, number>> = {};
  private readonly postLatency = new LatencyHistogram();
  private submitted = 0;
  private pendingPosts = 0;
  private rejected = 0;
  private terminal = 0;
  private startedAt = 0;
  /** performance.now() at the start: the open loop's schedule is kept on the monotonic clock. */
  private origin = 0;
  private finish: ((outcome: LoadOutcome) => void) | null = null;
  private fail: ((error: unknown) => void) | null = null;
  private drainTimer: NodeJS.Timeout | undefined;
  private openLoopTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: OrderClient,
    private readonly plan: LoadPlan,
  ) {}

  /** The hooks the TerminalPoller calls. */
  readonly pollerHooks = {
    inFlight: (): readonly string[] => [...this.inFlight],
    onTerminal: (orders: readonly TerminalOrder[]): void => this.onTerminal(orders),
    onError: (error: unknown): void => this.fail?.(error),
  };

  progress(): LoadProgress {
    return {
      total: this.plan.orders,
      submitted: this.submitted,
      rejected: this.rejected,
      inFlight: this.inFlight.size + this.pendingPosts,
      byStatus: { ...this.byStatus },
      terminal: this.terminal,
      elapsedMs: this.startedAt === 0 ? 0 : Date.now() - this.startedAt,
    };
  }

  run(poller: TerminalPoller): Promise<LoadOutcome> {
    return new Promise<LoadOutcome>((resolve, reject) => {
      this.finish = resolve;
      this.fail = reject;
      this.startedAt = Date.now();
      this.origin = performance.now();
      poller.start();
      if (this.plan.rate === null) this.pump();
      else this.openLoopTimer = setInterval(() => this.pumpOpenLoop(), OPEN_LOOP_TICK_MS);
    }).finally(() => {
      clearTimeout(this.drainTimer);
      clearInterval(this.openLoopTimer);
      return poller.stop();
    });
  }

  private pump(): void {
    while (this.submitted < this.plan.orders && this.pendingPosts + this.inFlight.size < this.plan.inflight) {
      this.submit(this.submitted, performance.now());
    }
  }

  private pumpOpenLoop(): void {
    const rate = this.plan.rate ?? 1;
    const due = Math.min(this.plan.orders, Math.floor(((performance.now() - this.origin) * rate) / 1000) + 1);
    while (this.submitted < due) this.submit(this.submitted, this.origin + (this.submitted * 1000) / rate);
    if (this.submitted >= this.plan.orders) clearInterval(this.openLoopTimer);
  }

  private submit(index: number, dueAt: number): void {
    this.submitted += 1;
    this.pendingPosts += 1;
    void this.client.place(this.plan.bodyFor(index), this.plan.keyFor(index)).then((result) => {
      this.pendingPosts -= 1;
      if (result.accepted) {
        this.postLatency.record(performance.now() - dueAt);
        this.acceptedIds.push(result.orderId);
        this.inFlight.add(result.orderId);
      } else {
        this.rejected += 1;
        if (this.rejections.length < MAX_REJECTIONS_KEPT) this.rejections.push(result.error);
      }
      this.afterChange();
    });
  }

  private onTerminal(orders: readonly TerminalOrder[]): void {
    for (const order of orders) {
      if (!this.inFlight.delete(order.orderId)) continue;
      this.terminal += 1;
      this.byStatus[order.status] = (this.byStatus[order.status] ?? 0) + 1;
    }
    this.afterChange();
  }

  private afterChange(): void {
    if (this.plan.rate === null) this.pump();
    const allPlaced = this.submitted >= this.plan.orders && this.pendingPosts === 0;
    if (!allPlaced) return;
    if (this.inFlight.size === 0) this.end();
    else if (this.drainTimer === undefined) this.drainTimer = setTimeout(() => this.end(), this.plan.drainTimeoutMs);
  }

  private end(): void {
    const finish = this.finish;
    this.finish = null;
    finish?.({
      acceptedIds: this.acceptedIds,
      rejected: this.rejected,
      rejections: this.rejections,
      nonTerminalIds: [...this.inFlight],
      postLatency: this.postLatency,
      startedAt: this.startedAt,
      endedAt: Date.now(),
    });
  }
}
