/**
 * The tables for people (stdout): throughput and latency per run and their median, cost per
 * order, the latency distribution, processes, commands by name, the stock check and, with
 * --naive, the baseline next to ours. Only formats a BenchReport; it computes nothing.
 */
import type { LatencySummary } from '../measure/latency-histogram';
import type { BenchReport, ConsoleCost, RunResult } from './report.types';
import { formatNumber as n, renderTable } from './text-table';

const TOP_COMMANDS = 12;

export function printResult(report: BenchReport, files: readonly string[]): string {
  const { options, runs } = report;
  const chosen = runs[report.medianRun] ?? runs[0];
  const out: string[] = [];
  const load = options.rate === null ? `closed loop, ${options.inflight} in flight` : `open loop, ${options.rate} orders/s`;
  out.push(
    '',
    `saga bench — scenario ${options.scenario}, ${options.orders} orders, ${load}, ${options.workersPerKind} process(es) per worker kind, ` +
      `WORKER_CONCURRENCY ${options.concurrency}, decline every ${options.declineEvery || 'never'}, preload ${options.preload}`,
    `MongoDB: ${report.target.mongo.kind} ${report.target.mongo.version}; Redis ${report.target.redis.version}; ` +
      `${report.machine.cpus} CPU(s) ${report.machine.cpuModel}; node ${report.machine.node}`,
    '',
    'Throughput and latency (rates over the 10th-percentile → last completion; latency = createdAt → completedAt as stored)',
    renderTable(
      ['run', 'orders/s', 'completed/s', 'cancelled/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'terminal', 'POST p99 ms'],
      [
        ...runs.map((run) => [run.label, n(run.sustained.ordersPerSecond), n(run.sustained.completedPerSecond), n(run.sustained.cancelledPerSecond), n(run.latencyMs.p50, 0), n(run.latencyMs.p95, 0), n(run.latencyMs.p99, 0), n(run.latencyMs.max, 0), `${run.orders.terminal}/${run.orders.accepted}`, n(run.postLatencyMs.p99, 0)]),
        ['median', n(report.median.ordersPerSecond), n(report.median.completedPerSecond), n(report.median.cancelledPerSecond), n(report.median.latencyMs.p50, 0), n(report.median.latencyMs.p95, 0), n(report.median.latencyMs.p99, 0), n(report.median.latencyMs.max, 0), '', ''],
      ],
    ),
    '',
    'Cost per order (server counters over the run ÷ orders submitted, minus the load generator\'s own)',
    renderTable(
      ['run', 'MongoDB cmds', 'docs examined', 'Redis cmds', 'lock-busy re-queues', 'CPU ms (all processes)'],
      [
        ...runs.map((run) => [run.label, n(run.perOrder.mongoCommands), n(run.perOrder.docsExamined), n(run.perOrder.redisCommands), n(run.perOrder.lockBusyRequeues, 2), n(run.perOrder.cpuMs)]),
        ['median', n(report.median.perOrder.mongoCommands), n(report.median.perOrder.docsExamined), n(report.median.perOrder.redisCommands), n(report.median.perOrder.lockBusyRequeues, 2), n(report.median.perOrder.cpuMs)],
      ],
    ),
  );
  if (chosen !== undefined) out.push(...medianRunTables(chosen));
  if (report.consoleCost !== null) out.push('', consoleCostLine(report.consoleCost));
  out.push('', stockLine(runs));
  if (report.naive !== null) out.push(...naiveTables(report));
  out.push('', ...files.map((file) => `wrote ${file}`), '');
  return out.join('\n');
}

function medianRunTables(run: RunResult): string[] {
  const out = [
    '',
    `Latency distribution (${run.label}, the median run)`,
    renderTable(['', 'p50', 'p75', 'p90', 'p95', 'p99', 'p99.9', 'max'], [latencyRow('submit → terminal ms', run.latencyMs), latencyRow('POST /orders ms', run.postLatencyMs)]),
    '',
    `Processes (${run.label}; CPU and write system calls inside the measured window, peak memory = VmHWM since the process started)`,
    renderTable(
      ['process', 'pid', 'CPU ms', 'CPU ms/order', 'writes/order', 'peak MB'],
      run.processes.map((process) => [process.role, String(process.pid), n(process.cpuMs, 0), n(process.cpuMsPerOrder, 2), n(process.writesPerOrder, 2), n(process.peakRssMb, 0)]),
    ),
  ];
  const mongo = topEntries(run.perOrder.mongoCommandsByName);
  out.push('', `MongoDB commands per order by name (${run.label})`);
  out.push(mongo.length > 0 ? renderTable(['command', 'per order'], mongo.map(([name, value]) => [name, n(value, 2)])) : '  (this server does not report metrics.commands)');
  const redis = topEntries(run.perOrder.redisCommandsByName);
  out.push('', `Redis commands per order by name (${run.label})`, renderTable(['command', 'per order'], redis.map(([name, value]) => [name, n(value, 2)])));
  out.push(...consoleTables(run));
  return out;
}

function consoleCostLine(cost: ConsoleCost): string {
  const cpu = cost.cpuMsPerOrderWith !== null && cost.cpuMsPerOrderWithout !== null ? `; CPU per order ${n(cost.cpuMsPerOrderWith)} ms with, ${n(cost.cpuMsPerOrderWithout)} ms without` : '';
  return `Consoles' cost: ${n(cost.ordersPerSecondWith)} orders/s with ${cost.consoles} open consoles (median of ${cost.runsWith} runs), ${n(cost.ordersPerSecondWithout)} without (median of ${cost.runsWithout}, interleaved): ${n(cost.cost * 100)} % of the throughput${cpu}`;
}

function consoleTables(run: RunResult): string[] {
  const { recountMs, queries } = run.consoleQueries;
  const out = [
    '',
    `Console reads before the load (${run.label}; over HTTP, one at a time, after a recount of ${n(recountMs, 0)} ms)`,
    renderTable(['read', 'median ms', 'max ms', 'rows or count'], queries.map((query) => [query.name, n(query.medianMs, 1), n(query.maxMs, 1), query.size === null ? '' : String(query.size)])),
  ];
  if (run.consoles !== null) {
    const { consoles, events, requests, failures } = run.consoles;
    out.push('', `Open consoles during the run (${run.label}): ${consoles}, ${events} events received, ${requests} requests (${n(requests / Math.max(1, run.wallS))}/s), ${failures} failed`);
  }
  return out;
}

function latencyRow(title: string, latency: LatencySummary): string[] {
  return [title, ...[latency.p50, latency.p75, latency.p90, latency.p95, latency.p99, latency.p999, latency.max].map((value) => n(value, 0))];
}

function topEntries(byName: Readonly<Record<string, number>> | null): [string, number][] {
  if (byName === null) return [];
  return Object.entries(byName)
    .filter(([, value]) => Math.abs(value) >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP_COMMANDS);
}

function stockLine(runs: readonly RunResult[]): string {
  const bad = runs.filter((run) => !run.stock.ok || run.orders.nonTerminal > 0 || run.orders.rejected > 0);
  if (bad.length === 0) return `Checks: every order terminal, no oversell (sold + reserved <= initial, available >= 0, no units lost) in ${runs.length} run(s).`;
  return bad
    .map((run) => `CHECK FAILED in ${run.label}: ${run.orders.nonTerminal} not terminal, ${run.orders.rejected} POSTs refused, ${run.stock.oversoldUnits} units oversold, ${run.stock.invariantViolations} stock invariant violations, conservation gap ${run.stock.conservationGap}${run.stock.examples.length > 0 ? `\n  ${run.stock.examples.join('\n  ')}` : ''}${run.rejections.length > 0 ? `\n  ${run.rejections.join('\n  ')}` : ''}`)
    .join('\n');
}

function naiveTables(report: BenchReport): string[] {
  if (report.naive === null) return [];
  const rows = [report.naive.ours, report.naive.naive].map((run) => [
    run.inventory === 'naive' ? 'naive read-modify-write' : 'ours (lock + guarded $inc)',
    String(run.workersPerKind),
    n(run.sustained.ordersPerSecond),
    String(run.orders.completed),
    String(run.orders.cancelled),
    String(run.stock.initialUnits),
    String(run.stock.unitsInCompletedOrders),
    String(run.stock.oversoldUnits),
    `${run.stock.sold} / ${run.stock.reserved} / ${run.stock.available}`,
    String(run.stock.conservationGap),
  ]);
  return [
    '',
    `Naive baseline: the same hot-SKU load (${report.naive.ours.orders.accepted} orders on one SKU), inventory step as read → check → write back`,
    renderTable(['inventory step', 'processes/kind', 'orders/s', 'completed', 'cancelled', 'initial stock', 'units sold', 'oversold units', 'stock doc sold / reserved / available', 'units lost or made up'], rows),
  ];
}
