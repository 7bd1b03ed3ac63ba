/**
 * The bench's own connections, opened once for all runs: a MongoClient with command monitoring
 * (the terminal poller and serverStatus go through it, and it counts what it sends) and an
 * ioredis client for INFO. Also finds the MongoDB and Redis server processes to measure when
 * they run on this machine (their pid from serverStatus / INFO server).
 */
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { MongoStats, type MongoServerInfo } from '../measure/mongo-stats';
import { OwnCommandCounter } from '../measure/own-commands';
import { isLocalProcess } from '../measure/process-stats';
import { RedisStats, type RedisServerInfo } from '../measure/redis-stats';
import type { RunningProcess } from '../system/bench-system';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export class BenchProbes {
  private constructor(
    readonly mongoClient: MongoClient,
    readonly own: OwnCommandCounter,
    readonly mongo: MongoStats,
    readonly redisClient: Redis,
    readonly redis: RedisStats,
    readonly mongoInfo: MongoServerInfo,
    readonly redisInfo: RedisServerInfo,
    readonly serverProcesses: readonly RunningProcess[],
  ) {}

  static async open(mongoUrl: string, redisUrl: string): Promise<BenchProbes> {
    const mongoClient = new MongoClient(mongoUrl, { monitorCommands: true, appName: 'saga-bench', maxPoolSize: 4 });
    const own = new OwnCommandCounter(mongoClient);
    await mongoClient.connect();
    const redisClient = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    try {
      await redisClient.connect();
      const mongo = new MongoStats(mongoClient.db('admin'));
      const redis = new RedisStats(redisClient);
      const [mongoInfo, redisInfo] = await Promise.all([mongo.info(), redis.info()]);
      const servers: RunningProcess[] = [];
      if (mongoInfo.pid !== null && isLoopback(mongoUrl) && isLocalProcess(mongoInfo.pid, /mongo/)) servers.push({ role: `mongo (${mongoInfo.kind})`, pid: mongoInfo.pid });
      if (redisInfo.pid !== null && isLoopback(redisUrl) && isLocalProcess(redisInfo.pid, /redis/)) servers.push({ role: 'redis', pid: redisInfo.pid });
      return new BenchProbes(mongoClient, own, mongo, redisClient, redis, mongoInfo, redisInfo, servers);
    } catch (error) {
      redisClient.disconnect();
      await mongoClient.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    this.redisClient.disconnect();
    await this.mongoClient.close();
  }
}

function isLoopback(url: string): boolean {
  try {
    return LOOPBACK.has(new URL(url).hostname);
  } catch {
    return false;
  }
}
