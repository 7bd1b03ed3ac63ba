/**
 * A run's warm-up: before its measured window, the run's own processes serve `orders` orders of
 * the scenario's shape on SKUs of their own (`warmupScenario`), so that the window measures
 * processes as they run for good — their code compiled by V8's optimizing tiers, their pools and
 * caches filled — while the scenario's stock is still as it was seeded. Then one counter flush
 * interval passes, so that what the workers counted during the warm-up is in the database before
 * the window's first reading.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { FLUSH_INTERVAL_MS } from '@app/dal';
import type { TestEnvironment } from '@app/testing';
import type { ProgressBar } from '../report/progress-bar';
import { warmupScenario } from '../scenario/scenario';
import { seedStock } from '../system/seed-stock';
import type { BenchSystem } from '../system/bench-system';
import type { BenchProbes } from './bench-probes';
import { orderLoad, type LoadShape } from './order-load';

export async function warmUp(shape: LoadShape, label: string, env: TestEnvironment, system: BenchSystem, probes: BenchProbes, progress: ProgressBar): Promise<void> {
  const scenario = warmupScenario(shape.scenario);
  await seedStock(env.db, scenario.stock);
  const { client, generator, poller } = orderLoad({ ...shape, scenario }, system.apiUrl, probes.mongoClient.db(env.dbName), 'warm');
  progress.start(`${label} warm-up`, () => generator.progress());
  try {
    const outcome = await generator.run(poller);
    if (outcome.rejected > 0 || outcome.nonTerminalIds.length > 0) {
      throw new Error(`${label}: the warm-up did not end: ${outcome.rejected} order(s) rejected, ${outcome.nonTerminalIds.length} not terminal (${outcome.rejections.slice(0, 3).join('; ')})`);
    }
  } finally {
    progress.stop();
    client.close();
  }
  await delay(FLUSH_INTERVAL_MS + 500);
}
