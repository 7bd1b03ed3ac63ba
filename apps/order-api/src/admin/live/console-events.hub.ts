/**
 * Fans the live signal out to this API instance's open consoles (`GET /admin/events`).
 *
 * One Redis SUBSCRIBE per instance receives the workers' coalesced signals (at most one per
 * worker process per ~250 ms, see `ConsoleEventsPublisher`). The hub sums them and, at most once
 * per `BROADCAST_MS`, reads the overview ONCE and writes one `orders` event to every client: the
 * database work per signal is the same for one console or a hundred, and nothing is read while
 * no console is open. Terminal counts come from counters flushed every 2 s, so one more
 * overview follows `SETTLE_MS` after the last signal. Every `HEARTBEAT_MS` while consoles are
 * open, one more overview (read once for all of them) keeps proxies from closing an idle stream
 * and brings what changes with time alone: a saga becomes stuck, a provider's circuit closes.
 *
 * Events (`text/event-stream`):
 *  - `overview` — `MetricsView`: on connect, when counts may have settled, and every `HEARTBEAT_MS`;
 *  - `orders`   — `{ created, moved, overview? }`: orders were placed or changed since the last one.
 *
 * Shutdown: streams are ended before the HTTP server closes (it would otherwise wait for them),
 * and the subscriber is closed after.
 */
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ApiConfig } from '@app/config';
import { consoleEventsChannel, type OrdersChangedSignal } from '@app/contracts';
import { createRedisClient, type RedisClient } from '@app/queue';
import { API_CONFIG } from '../../api-config.token';
import { ReadOverview, type MetricsView } from '../overview/read-overview.use-case';

const BROADCAST_MS = 1_000;
const SETTLE_MS = 2_500;
const HEARTBEAT_MS = 15_000;

@Injectable()
export class ConsoleEventsHub implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(ConsoleEventsHub.name);
  private readonly clients = new Set<Response>();
  private subscriber: RedisClient | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private broadcastTimer: NodeJS.Timeout | undefined;
  private settleTimer: NodeJS.Timeout | undefined;
  private lastBroadcast = 0;
  private created = 0;
  private moved = 0;
  private closing = false;

  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly overview: ReadOverview,
  ) {}

  onModuleInit(): void {
    const channel = consoleEventsChannel(this.config.queuePrefix);
    this.subscriber = createRedisClient(this.config, { lazyConnect: false });
    this.subscriber.on('error', (error: Error) => this.logger.debug(`console events subscriber: ${error.message}`));
    this.subscriber.on('message', (_channel: string, message: string) => this.onSignal(message));
    this.subscriber.subscribe(channel).catch((error: unknown) => this.logger.warn(`console events not subscribed (${String(error)}); consoles poll instead`));
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Takes over an authorised request's response as an event stream until the client goes away. */
  attach(request: Request, response: Response): void {
    if (this.closing) {
      response.status(503).end();
      return;
    }
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write('retry: 2000\n\n');
    this.clients.add(response);
    request.on('close', () => this.clients.delete(response));
    void this.readOverview().then((overview) => {
      if (overview !== null && this.clients.has(response)) response.write(event('overview', overview));
    });
  }

  private onSignal(message: string): void {
    let signal: OrdersChangedSignal;
    try {
      signal = JSON.parse(message) as OrdersChangedSignal;
    } catch {
      return;
    }
    if (this.clients.size === 0) return;
    this.created += Number(signal.created) || 0;
    this.moved += Number(signal.moved) || 0;
    if (this.broadcastTimer === undefined) {
      const wait = Math.max(0, this.lastBroadcast + BROADCAST_MS - Date.now());
      this.broadcastTimer = setTimeout(() => void this.broadcast(), wait);
      this.broadcastTimer.unref();
    }
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => void this.settle(), SETTLE_MS);
    this.settleTimer.unref();
  }

  private async broadcast(): Promise<void> {
    this.lastBroadcast = Date.now();
    const changes = { created: this.created, moved: this.moved };
    this.created = 0;
    this.moved = 0;
    const overview = await this.readOverview();
    this.broadcastTimer = undefined;
    this.writeAll(event('orders', { ...changes, ...(overview !== null ? { overview } : {}) }));
  }

  private async settle(): Promise<void> {
    this.settleTimer = undefined;
    if (this.clients.size === 0) return;
    const overview = await this.readOverview();
    if (overview !== null) this.writeAll(event('overview', overview));
  }

  /** The heartbeat: a fresh overview, or a comment line when it could not be read. */
  private async beat(): Promise<void> {
    if (this.clients.size === 0) return;
    const overview = await this.readOverview();
    this.writeAll(overview !== null ? event('overview', overview) : ': ping\n\n');
  }

  private async readOverview(): Promise<MetricsView | null> {
    try {
      return await this.overview.execute();
    } catch (error) {
      this.logger.warn(`overview for the live consoles not read: ${String(error)}`);
      return null;
    }
  }

  private writeAll(chunk: string): void {
    for (const client of this.clients) client.write(chunk);
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.broadcastTimer);
    clearTimeout(this.settleTimer);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
