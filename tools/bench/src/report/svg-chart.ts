/**
 * The chart of one run as a hand-written SVG (no dependency): terminal orders per second
 * (stacked: completed, cancelled, failed; the line is orders created per second) above the
 * submit → terminal latency (p50 and p99 of the orders that became terminal in each second).
 */
import type { SeriesPoint } from '../measure/order-figures';

const WIDTH = 960;
const PANEL_HEIGHT = 220;
const MARGIN = { left: 70, right: 20, top: 50, gap: 60, bottom: 40 };
const COLORS = { completed: '#2e7d32', cancelled: '#ef6c00', failed: '#c62828', created: '#546e7a', p50: '#1565c0', p99: '#8e24aa' } as const;

interface Panel {
  readonly top: number;
  readonly maxY: number;
  readonly seconds: number;
}

export function renderSvgChart(title: string, series: readonly SeriesPoint[]): string {
  const seconds = Math.max(1, series.length);
  const height = MARGIN.top + 2 * PANEL_HEIGHT + MARGIN.gap + MARGIN.bottom;
  const throughput: Panel = { top: MARGIN.top, maxY: niceCeiling(Math.max(1, ...series.map((p) => Math.max(p.completed + p.cancelled + p.failed, p.created)))), seconds };
  const latency: Panel = { top: MARGIN.top + PANEL_HEIGHT + MARGIN.gap, maxY: niceCeiling(Math.max(1, ...series.map((p) => p.p99Ms))), seconds };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${MARGIN.left}" y="22" font-size="15" font-weight="bold">${escape(title)}</text>`,
    ...axes(throughput, 'terminal orders / s'),
    ...bars(throughput, series),
    ...polylines(throughput, series.map((p) => p.created), COLORS.created, '4 3'),
    ...legend(throughput.top - 12, [['completed', COLORS.completed], ['cancelled', COLORS.cancelled], ['failed', COLORS.failed], ['created / s', COLORS.created]]),
    ...axes(latency, 'latency ms (submit → terminal)'),
    ...polylines(latency, series.map((p) => (terminal(p) > 0 ? p.p50Ms : null)), COLORS.p50),
    ...polylines(latency, series.map((p) => (terminal(p) > 0 ? p.p99Ms : null)), COLORS.p99),
    ...legend(latency.top - 12, [['p50', COLORS.p50], ['p99', COLORS.p99]]),
    `<text x="${MARGIN.left + plotWidth() / 2}" y="${height - 8}" text-anchor="middle">seconds since the first order</text>`,
    '</svg>',
  ];
  return `${parts.join('\n')}\n`;
}

function plotWidth(): number {
  return WIDTH - MARGIN.left - MARGIN.right;
}

function x(panel: Panel, second: number): number {
  return MARGIN.left + (second / panel.seconds) * plotWidth();
}

function y(panel: Panel, value: number): number {
  return panel.top + PANEL_HEIGHT - (Math.max(0, value) / panel.maxY) * PANEL_HEIGHT;
}

function axes(panel: Panel, label: string): string[] {
  const out = [`<text x="14" y="${panel.top + PANEL_HEIGHT / 2}" transform="rotate(-90 14 ${panel.top + PANEL_HEIGHT / 2})" text-anchor="middle">${escape(label)}</text>`];
  for (let i = 0; i <= 4; i += 1) {
    const value = (panel.maxY * i) / 4;
    const at = y(panel, value);
    out.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth()}" y1="${at}" y2="${at}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${MARGIN.left - 6}" y="${at + 4}" text-anchor="end">${formatTick(value)}</text>`);
  }
  const step = niceCeiling(panel.seconds / 10);
  for (let second = 0; second <= panel.seconds; second += step) {
    out.push(`<text x="${x(panel, second)}" y="${panel.top + PANEL_HEIGHT + 16}" text-anchor="middle">${second}</text>`);
  }
  out.push(`<rect x="${MARGIN.left}" y="${panel.top}" width="${plotWidth()}" height="${PANEL_HEIGHT}" fill="none" stroke="#9e9e9e"/>`);
  return out;
}

function bars(panel: Panel, series: readonly SeriesPoint[]): string[] {
  const width = Math.max(1, plotWidth() / panel.seconds - 1);
  return series.flatMap((point) => {
    let base = 0;
    const out: string[] = [];
    for (const [value, color] of [[point.completed, COLORS.completed], [point.cancelled, COLORS.cancelled], [point.failed, COLORS.failed]] as const) {
      if (value > 0) out.push(`<rect x="${x(panel, point.second).toFixed(1)}" y="${y(panel, base + value).toFixed(1)}" width="${width.toFixed(1)}" height="${(y(panel, base) - y(panel, base + value)).toFixed(1)}" fill="${color}"/>`);
      base += value;
    }
    return out;
  });
}

function terminal(point: SeriesPoint): number {
  return point.completed + point.cancelled + point.failed;
}

/** One polyline per run of seconds that have a value (null leaves a gap: no order became terminal then). */
function polylines(panel: Panel, values: readonly (number | null)[], color: string, dash?: string): string[] {
  const segments: [number, number][][] = [[]];
  values.forEach((value, second) => {
    if (value === null) segments.push([]);
    else segments.at(-1)?.push([x(panel, second + 0.5), y(panel, value)]);
  });
  return segments
    .filter((points) => points.length > 0)
    .map((points) => {
      const [first] = points;
      if (points.length === 1 && first !== undefined) return `<circle cx="${first[0].toFixed(1)}" cy="${first[1].toFixed(1)}" r="2.5" fill="${color}"/>`;
      const coordinates = points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
      return `<polyline points="${coordinates}" fill="none" stroke="${color}" stroke-width="2"${dash === undefined ? '' : ` stroke-dasharray="${dash}"`}/>`;
    });
}

function legend(top: number, entries: readonly (readonly [string, string])[]): string[] {
  return entries.flatMap(([name, color], i) => {
    const left = MARGIN.left + i * 110;
    return [`<rect x="${left}" y="${top - 9}" width="12" height="10" fill="${color}"/>`, `<text x="${left + 16}" y="${top}">${escape(name)}</text>`];
  });
}

/** The smallest of 1, 2, 5 × 10^k at or above `value`. */
function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= value) return factor * power;
  return 10 * power;
}

function formatTick(value: number): string {
  return value >= 1000 ? `${(value / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })}k` : value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
