/**
 * Tells the operations consoles that orders changed, cheaply: each change only bumps a counter
 * of this process; at most one Redis PUBLISH per window (`windowMs`, ~250 ms) carries the counts
 * of the window to `consoleEventsChannel(prefix)`. A burst of 1,000 transitions in a second
 * costs four publishes. The message carries no order state, so coalescing loses nothing; a
 * publish that fails (Redis down) is dropped: the consoles fall back to polling meanwhile.
 * The connection does not queue commands while Redis is away, so no saga step ever waits on it.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { consoleEventsChannel, type OrdersChangedSignal } from '@app/contracts';
import { createRedisClient, type RedisClient, type RedisTarget } from '@app/queue';

export const CONSOLE_EVENTS_OPTIONS = Symbol('CONSOLE_EVENTS_OPTIONS');

export interface ConsoleEventsOptions extends RedisTarget {
  readonly queuePrefix: string;
  /** Length of a coalescing window; default 250 ms. */
  readonly windowMs?: number;
}

@Injectable()
export class ConsoleEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(ConsoleEventsPublisher.name);
  private readonly channel: string;
  private readonly windowMs: number;
  private readonly redis: RedisClient;
  private timer: NodeJS.Timeout | undefined;
  private created = 0;
  private moved = 0;
  private closed = false;

  constructor(@Inject(CONSOLE_EVENTS_OPTIONS) options: ConsoleEventsOptions) {
    this.channel = consoleEventsChannel(options.queuePrefix);
    this.windowMs = options.windowMs ?? 250;
    this.redis = createRedisClient(options, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: false });
    this.redis.on('error', () => undefined); // reconnects by itself; a failed publish is logged below
  }

  /** An order was placed. */
  orderCreated(): void {
    this.created += 1;
    this.schedule();
  }

  /** An order changed: a saga transition, a retried attempt, a cancel request, an operator action. */
  orderMoved(count = 1): void {
    this.moved += count;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => void this.flush(), this.windowMs);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.created === 0 && this.moved === 0) return;
    const signal: OrdersChangedSignal = { created: this.created, moved: this.moved, at: Date.now() };
    this.created = 0;
    this.moved = 0;
    try {
      await this.redis.publish(this.channel, JSON.stringify(signal));
    } catch (error) {
      this.logger.debug(`console signal dropped: ${String(error)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.created > 0 || this.moved > 0) await this.flush();
    this.redis.disconnect();
  }
}
