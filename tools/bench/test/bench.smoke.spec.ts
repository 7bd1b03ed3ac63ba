/**
 * Smoke test of `npm run bench` (its main function, in this process) with a tiny load on the
 * servers of `npm test` (MONGO_URL / REDIS_URL): one hot-SKU run with two processes per worker
 * kind, warmed up on SKUs of its own, plus the naive baseline, then the report's shape, every
 * order terminal and no oversell by our inventory worker. Speed is never asserted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, SCENARIO, type BenchOptions } from '../src/cli/bench-options';
import { printResult } from '../src/report/print-result';
import type { BenchReport, RunResult } from '../src/report/report.types';
import { writeReport } from '../src/report/write-report';
import { runBench } from '../src/run-bench';

const ORDERS = 40;
const WARMUP = 20;

describe('npm run bench (smoke)', () => {
  let outDir: string;
  let report: BenchReport;
  let files: string[];

  before(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'saga-bench-'));
    const options: BenchOptions = {
      ...DEFAULT_OPTIONS,
      scenario: SCENARIO.HOT,
      orders: ORDERS,
      inflight: 8,
      runs: 1,
      warmup: WARMUP,
      workersPerKind: 2,
      concurrency: 8,
      preload: 100,
      declineEvery: 10,
      consoles: 2,
      naive: true,
      quiet: true,
      outDir,
      json: join(outDir, 'copy', 'report.json'),
      drainTimeoutS: 60,
    };
    report = await runBench(options);
    files = writeReport(report);
  });

  after(() => rmSync(outDir, { recursive: true, force: true }));

  it('ends every order of our run terminal, none oversold', () => {
    const [run] = report.runs;
    assert.ok(run !== undefined);
    assert.equal(run.orders.accepted, ORDERS, run.rejections.join('\n'));
    assert.equal(run.orders.terminal, ORDERS);
    assert.equal(run.orders.nonTerminal, 0);
    assert.equal(run.orders.completed + run.orders.cancelled + run.orders.failed, ORDERS);
    assert.equal(run.stock.initialUnits, ORDERS / 2);
    assert.equal(run.stock.oversoldUnits, 0, run.stock.examples.join('\n'));
    assert.equal(run.stock.invariantViolations, 0);
    assert.equal(run.stock.conservationGap, 0);
    assert.ok(run.stock.unitsInCompletedOrders <= run.stock.initialUnits);
    assert.deepEqual(report.checks, { allTerminal: true, noOversell: true });
  });

  it('warms the run\'s processes up before its window, and counts only the window\'s orders', () => {
    const [run] = report.runs;
    assert.ok(run !== undefined);
    assert.ok((run.phasesS['warmup'] ?? 0) > 0);
    // The warm-up's orders ended on their own SKUs before the window: the counters' change over
    // the window holds the measured orders alone, and the scenario's stock saw only them.
    const ended = (run.counters['orders.terminal.COMPLETED'] ?? 0) + (run.counters['orders.terminal.CANCELLED'] ?? 0) + (run.counters['orders.terminal.FAILED'] ?? 0);
    assert.equal(ended, ORDERS);
    assert.equal(run.stock.sold, run.orders.completed);
  });

  it('reports the figures of a run', () => {
    const [run] = report.runs;
    assert.ok(run !== undefined);
    assertRunShape(run);
    assert.equal(report.medianRun, 0);
    assert.equal(report.median.ordersPerSecond, run.sustained.ordersPerSecond);
    const api = run.processes.find((process) => process.role === 'order-api');
    // The API answers every POST with at least one write on its socket.
    assert.ok(api !== undefined && api.writesPerOrder !== null && api.writesPerOrder >= 1, `order-api writes per order: ${api?.writesPerOrder}`);
    assert.equal(run.processes.filter((process) => process.role.startsWith('inventory-worker#')).length, 2);
    assert.ok(run.processes.some((process) => process.role === 'load generator'));
  });

  it('times the console\'s reads on the preloaded orders after a recount, and keeps consoles open during the run', () => {
    const [run] = report.runs;
    assert.ok(run !== undefined);
    const byName = new Map(run.consoleQueries.queries.map((query) => [query.name, query]));
    assert.equal(byName.get('status COMPLETED')?.size, 50, 'a full page of the 100 preloaded COMPLETED orders');
    assert.equal(byName.get('count COMPLETED (capped)')?.size, 100);
    assert.equal(byName.get('customer')?.size, 1);
    assert.ok((byName.get('SKU')?.size ?? 0) >= 1, 'the oldest order\'s SKU finds it');
    for (const query of run.consoleQueries.queries) assert.ok(query.medianMs > 0 && query.maxMs >= query.medianMs, query.name);
    assert.ok(run.consoles !== null);
    assert.equal(run.consoles.consoles, 2);
    assert.ok(run.consoles.events >= 2, 'each console had its overview event at least');
    assert.equal(run.consoles.failures, 0);
  });

  it('runs the same hot load through the naive inventory worker next to ours', () => {
    assert.ok(report.naive !== null);
    assert.equal(report.naive.ours, report.runs[0]);
    assertRunShape(report.naive.naive);
    assert.equal(report.naive.naive.inventory, 'naive');
    assert.equal(report.naive.naive.workersPerKind, 2);
    assert.ok(report.naive.naive.processes.some((process) => process.role.startsWith('naive-inventory-worker#')));
    assert.equal(report.naive.naive.orders.accepted, ORDERS);
    assert.ok(report.naive.naive.stock.oversoldUnits >= 0);
  });

  it('writes the JSON report, its copy and the SVG chart, and prints the tables', () => {
    assert.equal(files.length, 3);
    const [json, svg, copy] = files as [string, string, string];
    assert.deepEqual(JSON.parse(readFileSync(json, 'utf8')), JSON.parse(JSON.stringify(report)));
    assert.equal(readFileSync(copy, 'utf8'), readFileSync(json, 'utf8'));
    assert.match(readFileSync(svg, 'utf8'), /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<\/svg>\n$/);
    const text = printResult(report, files);
    for (const expected of ['orders/s', 'median', 'MongoDB cmds', 'Naive baseline', 'oversold units']) assert.ok(text.includes(expected), expected);
  });
});

function assertRunShape(run: RunResult): void {
  for (const value of [run.wallS, run.sustained.ordersPerSecond, run.sustained.completedPerSecond, run.sustained.cancelledPerSecond, run.latencyMs.p50, run.latencyMs.p95, run.latencyMs.p99, run.latencyMs.max, run.perOrder.mongoCommands, run.perOrder.redisCommands, run.perOrder.lockBusyRequeues]) {
    assert.equal(typeof value, 'number');
    assert.ok(Number.isFinite(value) && value >= 0, String(value));
  }
  assert.ok(run.latencyMs.p50 <= run.latencyMs.p95 && run.latencyMs.p95 <= run.latencyMs.p99 && run.latencyMs.p99 <= run.latencyMs.max);
  assert.ok(run.perOrder.mongoCommands > 0);
  assert.ok(run.perOrder.redisCommands > 0);
  assert.ok(run.series.length > 0);
  assert.equal(run.series.reduce((sum, point) => sum + point.completed + point.cancelled + point.failed, 0), run.orders.terminal);
}
