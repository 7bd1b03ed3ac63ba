/**
 * Micro-benchmark (not a test): what one event costs this process, in CPU nanoseconds.
 *
 *   node -r ./tools/runtime/register-paths.js dist/libs/observability/bench/metrics-cost.bench.js [events]
 *
 * - a histogram observation (`stepRan`) and a counter increment (`orderFinished`: counter plus
 *   histogram), the registry's event path;
 * - a log line at an enabled level inside a step's log fields (the mixin reads them), written to
 *   a null stream, and one at a disabled level;
 * - a scrape of the whole registry (Node's default metrics included), for scale.
 * Numbers only, noisy on a shared machine: nothing is asserted.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { MetricsRegistry, STEP_RUN_OUTCOME, pinoOptions, withLogFields } from '@app/observability';

const EVENTS = Number(process.argv[2] ?? 200_000);
const STEPS = ['RESERVE_STOCK', 'AUTHORIZE_PAYMENT', 'COMMIT_STOCK', 'CAPTURE_PAYMENT', 'SEND_CONFIRMATION'];

function perEvent(label: string, events: number, run: (index: number) => void): void {
  for (let i = 0; i < Math.min(events, 10_000); i += 1) run(i);
  const before = process.cpuUsage();
  for (let i = 0; i < events; i += 1) run(i);
  const used = process.cpuUsage(before);
  console.log(`${label.padEnd(44)} ${(((used.user + used.system) * 1_000) / events).toFixed(0).padStart(7)} ns/event`);
}

async function main(): Promise<void> {
  const metrics = new MetricsRegistry({ app: 'bench' });
  perEvent('stepRan (histogram observe)', EVENTS, (i) => metrics.stepRan(STEPS[i % STEPS.length] ?? '', STEP_RUN_OUTCOME.SUCCEEDED, 0.012));
  perEvent('orderFinished (counter + histogram)', EVENTS, (i) => metrics.orderFinished(i % 2 === 0 ? 'COMPLETED' : 'CANCELLED', i % 2 === 0 ? null : 'OUT_OF_STOCK', 0.4));
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const logger = pino(pinoOptions({ app: 'bench', logLevel: 'log' }), sink);
  withLogFields({ orderId: 'ord_0123456789abcdef', step: 'RESERVE_STOCK', sagaVersion: 1, jobId: 'ord_0123456789abcdef.v1', attempt: 1 }, () => {
    perEvent('log line, info, with step fields', EVENTS / 4, () => logger.info({ context: 'SagaStepRunner' }, 'RESERVE_STOCK succeeded in 12 ms'));
    perEvent('log line, debug (disabled)', EVENTS, () => logger.debug('RESERVE_STOCK succeeded in 12 ms'));
  });
  const before = process.cpuUsage();
  const text = await metrics.metrics();
  const used = process.cpuUsage(before);
  console.log(`${'one scrape'.padEnd(44)} ${((used.user + used.system) / 1_000).toFixed(2).padStart(7)} ms (${text.length} bytes)`);
}

void main();
