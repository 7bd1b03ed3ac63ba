/**
 * A steady load of orders at a fixed rate (at most MAX_IN_FLIGHT submissions at once), with
 * random baskets and test cards, and, when cancels are in the fault mix, customers cancelling
 * about one order in eight at a random moment. Submissions the API refuses while a fault is in
 * effect (e.g. Redis down) are counted, not retried: only accepted orders are checked.
 */
import { pick } from '@app/testing';
import type { System } from '../../support/system';

const MAX_IN_FLIGHT = 64;
const SAFE_TOKENS = ['tok_visa', 'tok_visa', 'tok_visa', 'tok_visa', 'tok_decline'];
const PAYMENT_CHAOS_TOKENS = [...SAFE_TOKENS, 'tok_flaky', 'tok_timeout', 'tok_late'];

export interface LoadCounts {
  readonly accepted: number;
  readonly refused: number;
  readonly cancelsAccepted: number;
  readonly cancelsRefused: number;
}

export class LoadGenerator {
  private accepted = 0;
  private refused = 0;
  private cancelsAccepted = 0;
  private cancelsRefused = 0;
  private inFlight = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly system: System,
    private readonly random: () => number,
    private readonly skus: readonly string[],
    private readonly options: { readonly ordersPerSecond: number; readonly cancels: boolean; readonly paymentChaos: boolean; readonly runTag: string },
  ) {}

  get counts(): LoadCounts {
    return { accepted: this.accepted, refused: this.refused, cancelsAccepted: this.cancelsAccepted, cancelsRefused: this.cancelsRefused };
  }

  /** Places orders until `until` (epoch ms), then waits for the submissions still out. */
  async run(until: number): Promise<void> {
    const interval = 1_000 / this.options.ordersPerSecond;
    for (let i = 0; Date.now() < until; i += 1) {
      if (this.inFlight < MAX_IN_FLIGHT) this.track(this.placeOne(i));
      await new Promise((done) => setTimeout(done, interval));
    }
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track(work: Promise<void>): void {
    this.inFlight += 1;
    const tracked = work.finally(() => {
      this.inFlight -= 1;
      this.pending.delete(tracked);
    });
    this.pending.add(tracked);
  }

  private async placeOne(i: number): Promise<void> {
    const basket = this.skus.filter(() => this.random() < 0.4);
    if (basket.length === 0) basket.push(pick(this.random, this.skus));
    const body = {
      customerId: `chaos-${i % 50}`,
      email: `chaos${i}@example.com`,
      items: basket.map((sku) => ({ sku, quantity: 1 + Math.floor(this.random() * 2) })),
      payment: { token: pick(this.random, this.options.paymentChaos ? PAYMENT_CHAOS_TOKENS : SAFE_TOKENS) },
    };
    const cancelAfter = this.options.cancels && this.random() < 0.125 ? Math.floor(this.random() * 1_500) : undefined;
    let orderId: string;
    try {
      orderId = await this.system.placeOrder(body, `${this.options.runTag}-${i}`);
      this.accepted += 1;
    } catch {
      this.refused += 1;
      return;
    }
    if (cancelAfter === undefined) return;
    await new Promise((done) => setTimeout(done, cancelAfter));
    const response = await this.system.cancel(orderId).catch(() => undefined);
    if (response?.status === 202) this.cancelsAccepted += 1;
    else this.cancelsRefused += 1;
  }
}
