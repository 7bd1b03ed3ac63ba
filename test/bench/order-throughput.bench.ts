/**
 * Benchmark (not a test): orders per second end to end — POST /orders until COMPLETED — with
 * two processes of each worker, on spread stock and on one hot SKU. Prints a table and writes
 * reports/saga-bench.json. Numbers only; nothing is asserted about speed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { System } from '../support/system';

interface Scenario {
  readonly name: string;
  readonly orders: number;
  readonly skus: number;
}

interface Result {
  readonly scenario: string;
  readonly orders: number;
  readonly seconds: number;
  readonly ordersPerSecond: number;
  readonly postP50Ms: number;
  readonly postP99Ms: number;
  readonly completed: number;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'spread over 50 SKUs', orders: 600, skus: 50 },
  { name: 'one hot SKU', orders: 300, skus: 1 },
];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(scenario: Scenario): Promise<Result> {
  const system = await System.start({ label: 'bench', workers: { inventory: 2, payment: 2, notification: 2 }, env: { LOG_LEVEL: 'error', WORKER_CONCURRENCY: '16' } });
  try {
    for (let i = 0; i < scenario.skus; i += 1) await system.setStock(`BENCH-${i}`, 1_000_000, 100);
    const latencies: number[] = [];
    const started = Date.now();
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < scenario.orders; i += 1) {
      const body = { customerId: `b-${i}`, email: `b${i}@example.com`, items: [{ sku: `BENCH-${i % scenario.skus}`, quantity: 1 }], payment: { token: 'tok_visa' } };
      const t0 = performance.now();
      const request: Promise<void> = system.placeOrder(body).then(() => {
        latencies.push(performance.now() - t0);
        inFlight.delete(request);
      });
      inFlight.add(request);
      if (inFlight.size >= 32) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const orders = await system.waitForQuiescence(600_000);
    const seconds = (Date.now() - started) / 1000;
    return {
      scenario: scenario.name,
      orders: scenario.orders,
      seconds: Number(seconds.toFixed(2)),
      ordersPerSecond: Number((scenario.orders / seconds).toFixed(1)),
      postP50Ms: Number(percentile(latencies, 50).toFixed(1)),
      postP99Ms: Number(percentile(latencies, 99).toFixed(1)),
      completed: orders.filter((order) => order.saga.status === 'COMPLETED').length,
    };
  } finally {
    await system.stop();
  }
}

async function main(): Promise<void> {
  const results: Result[] = [];
  for (const scenario of SCENARIOS) {
    results.push(await run(scenario));
    console.table(results);
  }
  mkdirSync('reports', { recursive: true });
  writeFileSync('reports/saga-bench.json', `${JSON.stringify({ at: new Date().toISOString(), machine: 'see env', results }, null, 2)}\n`);
  console.log('wrote reports/saga-bench.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
