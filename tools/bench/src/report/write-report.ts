/** Writes the JSON report and the median run's SVG chart; returns the paths written. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BenchReport } from './report.types';
import { renderSvgChart } from './svg-chart';

export function reportBaseName(report: BenchReport): string {
  return `${report.createdAt.replace(/[:.]/g, '-')}-${report.options.scenario}`;
}

export function writeReport(report: BenchReport): string[] {
  const { outDir, json } = report.options;
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, reportBaseName(report));
  const text = `${JSON.stringify(report, null, 2)}\n`;
  const written = [`${base}.json`];
  writeFileSync(`${base}.json`, text);
  const run = report.runs[report.medianRun];
  if (run !== undefined) {
    const title = `${report.options.scenario}: ${run.label} (median of ${report.runs.length}) — ${run.sustained.ordersPerSecond.toFixed(1)} orders/s, p99 ${run.latencyMs.p99.toFixed(0)} ms`;
    writeFileSync(`${base}.svg`, renderSvgChart(title, run.series));
    written.push(`${base}.svg`);
  }
  if (json !== null) {
    mkdirSync(dirname(json), { recursive: true });
    writeFileSync(json, text);
    written.push(json);
  }
  return written;
}
