/** Settings every process shares (readInfrastructure): Redis standalone or cluster, the queue prefix, retention. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidEnvironmentError } from './env-reader';
import { loadApiConfig } from './api.config';
import { loadWorkerConfig } from './worker.config';

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadWorkerConfig(env);
    return [];
  } catch (error) {
    assert.ok(error instanceof InvalidEnvironmentError);
    return error.problems;
  }
}

describe('Redis: standalone or cluster, and the queue prefix', () => {
  it('takes a plain prefix, or one with a hash tag', () => {
    for (const prefix of ['saga', '{saga}', 'shop-{saga}', '{saga}_v2']) assert.equal(loadWorkerConfig({ QUEUE_PREFIX: prefix }).queuePrefix, prefix);
    for (const prefix of ['sa ga', '{}', '{saga', 'saga}', '{a}{b}', 'a:b', 'x'.repeat(49)]) {
      assert.match(problems({ QUEUE_PREFIX: prefix }).join(), /^QUEUE_PREFIX must match/, prefix);
    }
  });

  it('reads REDIS_CLUSTER_NODES as seed nodes; unset means a standalone Redis', () => {
    assert.equal(loadWorkerConfig({}).redisClusterNodes, undefined);
    const config = loadWorkerConfig({ REDIS_CLUSTER_NODES: 'redis-0.redis:6379, 10.0.0.7:7001,[::1]:7002', QUEUE_PREFIX: '{saga}' });
    assert.deepEqual(config.redisClusterNodes, [
      { host: 'redis-0.redis', port: 6379 },
      { host: '10.0.0.7', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
  });

  it('refuses a cluster without a hash tag in the prefix, saying which one to use', () => {
    assert.deepEqual(problems({ REDIS_CLUSTER_NODES: '127.0.0.1:7000' }), [
      'QUEUE_PREFIX must contain a hash tag in braces, e.g. {saga}, when REDIS_CLUSTER_NODES is set (BullMQ needs each queue\'s keys in one cluster slot; got "saga")',
    ]);
    assert.match(problems({ REDIS_CLUSTER_NODES: '127.0.0.1:7000', QUEUE_PREFIX: 'shop' }).join(), /e\.g\. \{shop\}/);
  });

  it('refuses malformed nodes and a database number on a cluster', () => {
    for (const nodes of ['127.0.0.1', 'a:b', '127.0.0.1:70000', '127.0.0.1:7000,,127.0.0.1:7001', 'redis://x:1']) {
      assert.match(problems({ REDIS_CLUSTER_NODES: nodes, QUEUE_PREFIX: '{saga}' }).join(), /^REDIS_CLUSTER_NODES must be host:port pairs/, nodes);
    }
    assert.match(problems({ REDIS_CLUSTER_NODES: '127.0.0.1:7000', QUEUE_PREFIX: '{saga}', REDIS_URL: 'redis://127.0.0.1:6379/2' }).join(), /^REDIS_URL must not name a database other than 0/);
    assert.equal(loadWorkerConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000', QUEUE_PREFIX: '{saga}', REDIS_URL: 'rediss://user:pw@ignored:6380/0' }).redisUrl, 'rediss://user:pw@ignored:6380/0');
  });
});

describe('retention (*_RETENTION_DAYS)', () => {
  it('defaults: orders 90 days, their ledger as long as the order, outbox 30, failed jobs 14, trends 14; the API reads the same', () => {
    const expected = { orderDays: 90, reservationDays: 90, notificationDays: 30, failedJobDays: 14, trendDays: 14 };
    assert.deepEqual(loadWorkerConfig({}).retention, expected);
    assert.deepEqual(loadApiConfig({ ADMIN_TOKEN: 'a-token-of-16-chars' }).retention, expected);
    assert.equal(loadWorkerConfig({ ORDER_RETENTION_DAYS: '30' }).retention.reservationDays, 30, 'the ledger follows the order by default');
  });

  it('refuses periods shorter than correctness needs', () => {
    assert.match(problems({ ORDER_RETENTION_DAYS: '6' }).join(), /^ORDER_RETENTION_DAYS must be an integer between 7 and/);
    assert.match(problems({ NOTIFICATION_RETENTION_DAYS: '1' }).join(), /^NOTIFICATION_RETENTION_DAYS must be an integer between 2 and/);
    assert.match(problems({ FAILED_JOB_RETENTION_DAYS: '0' }).join(), /^FAILED_JOB_RETENTION_DAYS must be an integer between 1 and/);
    assert.match(problems({ TRENDS_RETENTION_DAYS: '0' }).join(), /^TRENDS_RETENTION_DAYS must be an integer between 1 and/);
    assert.match(problems({ RESERVATION_RETENTION_DAYS: '6' }).join(), /^RESERVATION_RETENTION_DAYS must be an integer between 7 and/);
  });

  it('refuses a ledger kept shorter than its order: a tombstone must outlive its order', () => {
    assert.deepEqual(problems({ ORDER_RETENTION_DAYS: '60', RESERVATION_RETENTION_DAYS: '59' }), ['RESERVATION_RETENTION_DAYS must not be below ORDER_RETENTION_DAYS (60): a tombstone must outlive its order']);
    assert.equal(loadWorkerConfig({ ORDER_RETENTION_DAYS: '60', RESERVATION_RETENTION_DAYS: '60' }).retention.reservationDays, 60);
    assert.deepEqual(loadWorkerConfig({ ORDER_RETENTION_DAYS: '7', RESERVATION_RETENTION_DAYS: '365', NOTIFICATION_RETENTION_DAYS: '2', FAILED_JOB_RETENTION_DAYS: '1', TRENDS_RETENTION_DAYS: '3' }).retention, { orderDays: 7, reservationDays: 365, notificationDays: 2, failedJobDays: 1, trendDays: 3 });
  });
});
