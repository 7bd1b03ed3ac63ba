/**
 * Per-test isolation on real servers: each test context gets its own MongoDB database name and
 * BullMQ queue prefix, created with the product's indexes and removed afterwards. On a Redis
 * Cluster (`redisClusterNodes`) the prefix is hash-tagged (`{t1a2b3c4d}`), as the product requires.
 */
import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import { loadTestConfig, type RawEnv } from '@app/config';
import { ensureIndexes } from '@app/dal';

export interface TestEnvironment {
  readonly mongoUrl: string;
  readonly redisUrl: string;
  readonly dbName: string;
  readonly queuePrefix: string;
  /** REDIS_CLUSTER_NODES of a cluster of the test's own; undefined = the standalone Redis at `redisUrl`. */
  readonly redisClusterNodes: string | undefined;
  readonly client: MongoClient;
  readonly db: Db;
  /** Environment variables for an app process of this test. */
  appEnv(extra?: RawEnv): Record<string, string>;
  cleanup(): Promise<void>;
}

/** `overrides`: servers of the test's own (e.g. a dev MongoDB server it freezes) instead of the shared ones. */
export async function createTestEnvironment(label: string, overrides: { mongoUrl?: string; redisUrl?: string; redisClusterNodes?: string } = {}): Promise<TestEnvironment> {
  const config = loadTestConfig();
  const mongoUrl = overrides.mongoUrl ?? config.mongoUrl;
  const redisUrl = overrides.redisUrl ?? config.redisUrl;
  const suffix = randomBytes(4).toString('hex');
  const dbName = `test_${label.replace(/[^A-Za-z0-9]/g, '_').slice(0, 24)}_${suffix}`;
  const redisClusterNodes = overrides.redisClusterNodes;
  const queuePrefix = redisClusterNodes === undefined ? `t${suffix}` : `{t${suffix}}`;
  const client = await MongoClient.connect(mongoUrl);
  const db = client.db(dbName);
  await ensureIndexes(db);
  return {
    mongoUrl,
    redisUrl,
    dbName,
    queuePrefix,
    redisClusterNodes,
    client,
    db,
    appEnv(extra = {}) {
      const env: Record<string, string> = { MONGO_URL: mongoUrl, MONGO_DB: dbName, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'warn' };
      if (redisClusterNodes !== undefined) env['REDIS_CLUSTER_NODES'] = redisClusterNodes;
      for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
      return env;
    },
    async cleanup() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      if (redisClusterNodes === undefined) await deleteQueueKeys(redisUrl, queuePrefix);
      else await deleteClusterQueueKeys(redisClusterNodes, queuePrefix);
    },
  };
}

async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    await deleteKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

/** Every master's keys (the hash tag puts them on one, but a test may have written others). */
async function deleteClusterQueueKeys(nodes: string, prefix: string): Promise<void> {
  const cluster = new Cluster(nodes.split(',').map((node) => ({ host: node.split(':')[0], port: Number(node.split(':')[1]) })), { lazyConnect: true });
  try {
    await cluster.connect();
    for (const master of cluster.nodes('master')) await deleteKeys(master, prefix);
  } catch {
    // The cluster is already gone: nothing left to delete.
  } finally {
    cluster.disconnect();
  }
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  // SCAN's pattern is a glob: a hash tag's braces are plain characters. On a cluster node every
  // key of a hash-tagged prefix is in one slot, so one DEL takes them all.
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
