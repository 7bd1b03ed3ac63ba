import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidEnvironmentError } from './env-reader';
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
