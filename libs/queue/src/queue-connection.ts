/**
 * BullMQ's connection. On a standalone Redis: options, and every queue and worker makes and
 * closes its own connections, as before. On a Redis Cluster BullMQ needs an ioredis `Cluster`
 * instance; one is shared by this process's queues and workers (each worker duplicates it for
 * its blocking reads), and since BullMQ never closes a shared connection, this provider does,
 * at application shutdown (workers have drained in `beforeApplicationShutdown` by then).
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Cluster, RedisOptions } from 'ioredis';
import { createClusterClient, redisOptionsFromUrl } from './redis-connection';
import { QUEUE_OPTIONS, type QueueOptions } from './queue.tokens';

@Injectable()
export class QueueConnection implements OnApplicationShutdown {
  readonly bullmq: RedisOptions | Cluster;
  private readonly cluster: Cluster | undefined;

  constructor(@Inject(QUEUE_OPTIONS) options: QueueOptions) {
    this.cluster = options.redisClusterNodes === undefined ? undefined : createClusterClient(options.redisClusterNodes, options.redisUrl);
    this.bullmq = this.cluster ?? redisOptionsFromUrl(options.redisUrl);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.cluster === undefined) return;
    try {
      await this.cluster.quit();
    } catch {
      this.cluster.disconnect();
    }
  }
}
