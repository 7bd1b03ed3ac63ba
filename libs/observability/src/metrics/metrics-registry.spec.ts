/**
 * The registry without I/O: events become the documented series with bounded labels only;
 * scrape-time gauges read their source at most once per cache period, leave a failed source out
 * and count it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetricsRegistry } from './metrics-registry';
import { METRIC, STEP_RUN_OUTCOME } from './metric-name';
import { ScrapeCache } from './scrape-cache';

/** The value of the series `name` whose labels include `labels` (in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const row = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`)));
  return row === undefined ? undefined : Number(row.slice(row.lastIndexOf(' ') + 1));
}

describe('MetricsRegistry', () => {
  it('turns events into series labelled by step, status, reason, provider and kind, never by order', async () => {
    const metrics = new MetricsRegistry({ app: 'test', defaultMetrics: false });
    metrics.stepRan('RESERVE_STOCK', STEP_RUN_OUTCOME.SUCCEEDED, 0.02);
    metrics.orderFinished('CANCELLED', 'OUT_OF_STOCK', 1.5);
    metrics.orderFinished('COMPLETED', null, 0.7);
    metrics.stepRetried('CAPTURE_PAYMENT');
    metrics.jobDropped('stale');
    metrics.lockBusyRequeued('RESERVE_STOCK');
    metrics.recoveryRedispatched('AUTHORIZE_PAYMENT');
    metrics.providerError('payment', 'timeout');
    metrics.orderPlaced();
    metrics.jobTaken('payment', 5);
    const text = await metrics.metrics();
    assert.equal(sample(text, `${METRIC.STEP_DURATION}_bucket`, { le: '0.025', step: 'RESERVE_STOCK', outcome: 'succeeded' }), 1, text);
    assert.equal(sample(text, METRIC.ORDERS_FINISHED, { status: 'CANCELLED', reason: 'OUT_OF_STOCK' }), 1);
    assert.equal(sample(text, METRIC.ORDERS_FINISHED, { status: 'COMPLETED', reason: 'none' }), 1);
    assert.equal(sample(text, `${METRIC.ORDER_LATENCY}_sum`, { status: 'CANCELLED' }), 1.5);
    assert.equal(sample(text, METRIC.STEP_RETRIES, { step: 'CAPTURE_PAYMENT' }), 1);
    assert.equal(sample(text, METRIC.JOBS_DROPPED, { reason: 'stale' }), 1);
    assert.equal(sample(text, METRIC.LOCK_BUSY_REQUEUES, { step: 'RESERVE_STOCK' }), 1);
    assert.equal(sample(text, METRIC.RECOVERY_REDISPATCHES, { step: 'AUTHORIZE_PAYMENT' }), 1);
    assert.equal(sample(text, METRIC.PROVIDER_ERRORS, { provider: 'payment', kind: 'timeout' }), 1);
    assert.equal(sample(text, METRIC.ORDERS_PLACED, { app: 'test' }), 1);
    assert.equal(sample(text, `${METRIC.JOB_STEPS}_bucket`, { le: '4', queue: 'payment' }), 0);
    assert.equal(sample(text, `${METRIC.JOB_STEPS}_bucket`, { le: '8', queue: 'payment' }), 1);

    const labels = new Set((await metrics.registry.getMetricsAsJSON()).flatMap((metric) => metric.values.flatMap((value) => Object.keys(value.labels))));
    for (const unbounded of ['orderId', 'order_id', 'sku', 'jobId', 'customerId']) assert.equal(labels.has(unbounded), false, unbounded);
  });

  it('names every metric of METRIC, and the series of each histogram', async () => {
    const names = await new MetricsRegistry({ app: 'test' }).seriesNames();
    for (const name of Object.values(METRIC)) assert.ok(names.has(name), name);
    assert.ok(names.has(`${METRIC.STEP_DURATION}_bucket`));
    assert.ok(names.has('process_cpu_seconds_total'), 'Node default metrics are on');
  });

  it('reads scrape-time gauges from their sources, once per cache period, and leaves a failed source out', async () => {
    const metrics = new MetricsRegistry({ app: 'test', defaultMetrics: false });
    let queueReads = 0;
    metrics.observeQueues(() => {
      queueReads += 1;
      return Promise.resolve({ inventory: { waiting: 3, delayed: 2 } });
    });
    metrics.observeSagas(() => Promise.reject(new Error('MongoDB down')));
    metrics.observeCircuits(() => ({ payment: 'open', mail: 'closed' }));
    const first = await metrics.metrics();
    // prom-client serializes metrics concurrently: the failure is certain to show in the next scrape.
    const second = await metrics.metrics();
    assert.equal(queueReads, 1, 'two scrapes within the cache period: one read (a failed source is read again)');
    assert.equal(sample(first, METRIC.QUEUE_JOBS, { queue: 'inventory', state: 'waiting' }), 3);
    assert.equal(sample(first, METRIC.QUEUE_JOBS, { queue: 'inventory', state: 'delayed' }), 2);
    assert.equal(sample(first, METRIC.CIRCUIT_STATE, { provider: 'payment' }), 2);
    assert.equal(sample(first, METRIC.CIRCUIT_STATE, { provider: 'mail' }), 0);
    assert.equal(first.includes(`${METRIC.SAGAS_IN_FLIGHT}{`), false, 'a failed source reports no series');
    assert.ok((sample(second, METRIC.GAUGE_SOURCE_ERRORS, { source: 'sagas' }) ?? 0) >= 1);
  });
});

describe('ScrapeCache', () => {
  it('shares one read among concurrent asks, reads again after its period, and forgets a failure', async () => {
    let now = 0;
    let reads = 0;
    let fail = false;
    const cache = new ScrapeCache(() => {
      reads += 1;
      return fail ? Promise.reject(new Error('down')) : Promise.resolve(reads);
    }, 1_000, () => now);
    assert.deepEqual(await Promise.all([cache.get(), cache.get()]), [1, 1]);
    now = 999;
    assert.equal(await cache.get(), 1);
    now = 1_000;
    fail = true;
    await assert.rejects(cache.get());
    fail = false;
    assert.equal(await cache.get(), 3, 'a failed read is not kept');
  });
});
