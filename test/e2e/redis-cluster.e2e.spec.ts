/**
 * The whole system on a three-node Redis Cluster that the test starts (REDIS_CLUSTER_NODES, a
 * hash-tagged QUEUE_PREFIX): real orders go through the API and every worker, and end with every
 * saga invariant holding. REDIS_URL points at a port where nothing listens, so any connection
 * still made to a standalone Redis would fail: every Redis use of the product (BullMQ queues and
 * workers, the rate limiter's counters, the console's pub/sub signal, readiness) has to go
 * through the cluster. The keys are then found on the cluster, all in the prefix's one slot, and
 * every process ends cleanly on SIGTERM (the shared cluster client closes after the workers drain).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from 'ioredis';
import { consoleEventsChannel } from '@app/contracts';
import { freePort, startRedisCluster, waitFor, type RedisClusterProcess } from '@app/testing';
import { assertSagaInvariants } from '../support/invariants';
import { ADMIN_TOKEN, System } from '../support/system';

const ORDERS = 30;
const STOCK = new Map([
  ['CL-A', 40],
  ['CL-B', 6],
]);

describe('on a Redis Cluster', () => {
  let cluster: RedisClusterProcess;
  let system: System;
  let client: Cluster;

  before(async () => {
    cluster = await startRedisCluster();
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    system = await System.start({ label: 'redis_cluster', redisUrl: nowhere, redisClusterNodes: cluster.nodes, workers: { inventory: 2, payment: 1, notification: 1 }, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    client = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
    for (const [sku, available] of STOCK) await system.setStock(sku, available, 700);
  });

  after(async () => {
    client?.disconnect();
    await system?.stop();
    await cluster?.stop();
  });

  it('runs orders end to end, every Redis key under the hash-tagged prefix on the cluster', { timeout: 240_000 }, async () => {
    assert.match(system.env.queuePrefix, /^\{t[0-9a-f]+\}$/);
    const signals: string[] = [];
    const subscriber = client.duplicate();
    await subscriber.subscribe(consoleEventsChannel(system.env.queuePrefix));
    subscriber.on('message', (_channel: string, message: string) => signals.push(message));

    try {
      const placed: Promise<string>[] = [];
      for (let i = 0; i < ORDERS; i += 1) {
        const token = i % 5 === 4 ? 'tok_decline' : 'tok_visa';
        const items = [{ sku: i % 3 === 0 ? 'CL-B' : 'CL-A', quantity: 1 + (i % 2) }];
        placed.push(system.placeOrder({ customerId: `c-${i % 7}`, email: `cluster${i}@example.com`, items, payment: { token } }, `cluster-${i}`));
      }
      const ids = await Promise.all(placed);
      assert.equal(new Set(ids).size, ORDERS);
      const orders = await system.waitForQuiescence(150_000);
      const report = await assertSagaInvariants(system, STOCK, orders);
      assert.ok(report.completed > 0, 'some orders completed');
      assert.ok((report.byReason['PAYMENT_DECLINED'] ?? 0) > 0, 'declined cards were compensated');
      assert.ok((report.byReason['OUT_OF_STOCK'] ?? 0) > 0, 'scarce stock ran out');

      await waitFor(() => Promise.resolve(signals.length > 0 ? true : undefined), 10_000, "the console's signal over the cluster's pub/sub");
      const ready = await fetch(`${system.apiUrl}/health/ready`);
      assert.equal(ready.status, 200, await ready.clone().text());
      const overview = await fetch(`${system.apiUrl}/admin/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
      assert.equal(overview.status, 200, 'queue depths are read from the cluster');
    } finally {
      subscriber.disconnect();
    }

    const keys: string[] = [];
    for (const master of client.nodes('master')) keys.push(...(await master.keys(`${system.env.queuePrefix}:*`)));
    for (const queue of ['inventory', 'payment', 'notification']) assert.ok(keys.some((key) => key.startsWith(`${system.env.queuePrefix}:${queue}:`)), `${queue} queue keys on the cluster`);
    assert.ok(keys.some((key) => key.startsWith(`${system.env.queuePrefix}:ratelimit:orders:`)), "the rate limiter's counter on the cluster");
    const slots = new Set(await Promise.all(keys.map((key) => client.cluster('KEYSLOT', key))));
    assert.equal(slots.size, 1, `every key in the hash tag's slot: ${[...slots].join(', ')}`);

    // SIGTERM: each process drains and closes its cluster connections, and exits 0 within its grace period.
    const apps = system.processes.filter((process) => process.name !== 'sandbox');
    await Promise.all(apps.map((process) => process.stop()));
    for (const process of apps) assert.equal(process.child.exitCode, 0, `${process.name} ended cleanly:\n${process.output().slice(-2_000)}`);
  });
});
