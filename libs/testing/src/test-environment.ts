/**
 * Per-test isolation on real servers: each test context gets its own MongoDB database name and
 * BullMQ queue prefix, created with the product's indexes and removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { MongoClient, type Db } from 'mongodb';
import { loadTestConfig, type RawEnv } from '@app/config';
import { ensureIndexes } from '@app/dal';

export interface TestEnvironment {
  readonly mongoUrl: string;
  readonly redisUrl: string;
  readonly dbName: string;
  readonly queuePrefix: string;
  readonly client: MongoClient;
  readonly db: Db;
  /** Environment variables for an app process of this test. */
  appEnv(extra?: RawEnv): Record<string, string>;
  cleanup(): Promise<void>;
}

/** `overrides`: servers of the test's own (e.g. a dev MongoDB server it freezes) instead of the shared ones. */
export async function createTestEnvironment(label: string, overrides: { mongoUrl?: string; redisUrl?: string } = {}): Promise<TestEnvironment> {
  const config = loadTestConfig();
  const mongoUrl = overrides.mongoUrl ?? config.mongoUrl;
  const redisUrl = overrides.redisUrl ?? config.redisUrl;
  const suffix = randomBytes(4).toString('hex');
  const dbName = `test_${label.replace(/[^A-Za-z0-9]/g, '_').slice(0, 24)}_${suffix}`;
  const queuePrefix = `t${suffix}`;
  const client = await MongoClient.connect(mongoUrl);
  const db = client.db(dbName);
  await ensureIndexes(db);
  return {
    mongoUrl,
    redisUrl,
    dbName,
    queuePrefix,
    client,
    db,
    appEnv(extra = {}) {
      const env: Record<string, string> = { MONGO_URL: mongoUrl, MONGO_DB: dbName, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix, LOG_LEVEL: 'warn' };
      for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
      return env;
    },
    async cleanup() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
      await deleteQueueKeys(redisUrl, queuePrefix);
    },
  };
}

async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
