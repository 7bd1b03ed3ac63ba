/**
 * Every Redis connection of the product is made here, for a standalone Redis (REDIS_URL) or a
 * Redis Cluster (REDIS_CLUSTER_NODES, with REDIS_URL's user, password and TLS on every node).
 *
 * Contract:
 *  - `redisOptionsFromUrl(url)`: ioredis options for one standalone server, with
 *    `maxRetriesPerRequest: null` (what BullMQ requires: a command waits for Redis to come back
 *    instead of failing the job);
 *  - `createRedisClient(target, overrides)`: a client of the caller's own (it disconnects it), an
 *    ioredis `Redis` or `Cluster`; `overrides` are per-node options (`enableOfflineQueue` and
 *    `lazyConnect` apply to the cluster as a whole).
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisNode } from '@app/config';

/** Where Redis is: a standalone server, or a cluster's seed nodes when `redisClusterNodes` is set. */
export interface RedisTarget {
  readonly redisUrl: string;
  readonly redisClusterNodes?: readonly RedisNode[] | undefined;
}

/** A standalone client or a cluster client: the same commands, routed by key on a cluster. */
export type RedisClient = Redis | Cluster;

export function redisOptionsFromUrl(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    username: parsed.username === '' ? undefined : decodeURIComponent(parsed.username),
    password: parsed.password === '' ? undefined : decodeURIComponent(parsed.password),
    db: Number.isInteger(db) ? db : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

export function createRedisClient(target: RedisTarget, overrides: RedisOptions = {}): RedisClient {
  if (target.redisClusterNodes === undefined) return new Redis({ ...redisOptionsFromUrl(target.redisUrl), ...overrides });
  return createClusterClient(target.redisClusterNodes, target.redisUrl, overrides);
}

/** A cluster client from its seed nodes; `url` gives the user, password and TLS of every node. */
export function createClusterClient(nodes: readonly RedisNode[], url: string, overrides: RedisOptions = {}): Cluster {
  // Host, port and database come from the cluster's own map of slots; the rest applies to each node.
  const { host: _host, port: _port, db: _db, enableOfflineQueue, lazyConnect, ...nodeOptions } = { ...redisOptionsFromUrl(url), ...overrides };
  return new Cluster(
    nodes.map((node) => ({ host: node.host, port: node.port })),
    { redisOptions: nodeOptions, ...(enableOfflineQueue !== undefined ? { enableOfflineQueue } : {}), ...(lazyConnect !== undefined ? { lazyConnect } : {}) },
  );
}
