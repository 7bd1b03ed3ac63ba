/**
 * Trends: four charts over a time range — orders per minute by final status, placement→end
 * latency (p50/p95/p99), failures by reason, and provider errors — from GET /admin/trends
 * (per-minute counts the workers store in MongoDB). The range is in the URL
 * (`#/trends?range=15m|1h|6h|24h`, default 1h). Charts are drawn with uPlot (served by the API
 * from node_modules at ./vendor/uplot/, no CDN); each chart's figure carries `data-points` and
 * `data-total` (the sum of its counts) once drawn. Re-read every 15 s while the view is shown.
 */
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { api, isSessionEnded } from '../api.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { STATUS_LABEL, clockTime, durationText, numberText } from '../format.js';

export const RANGES = {
  '15m': { minutes: 15, label: 'Last 15 minutes' },
  '1h': { minutes: 60, label: 'Last hour' },
  '6h': { minutes: 360, label: 'Last 6 hours' },
  '24h': { minutes: 1_440, label: 'Last 24 hours' },
};
export const DEFAULT_RANGE = '1h';
const REFRESH_MS = 15_000;
const HEIGHT = 200;
/** Whole numbers only on the axis of a count. */
const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];
const STEPPED = uPlot.paths.stepped({ align: 1 });

const STATUS_COLOR = { COMPLETED: '#15803d', CANCELLED: '#6b7280', FAILED: '#b91c1c' };
const PERCENTILE_COLOR = { p50: '#1d4ed8', p95: '#7c3aed', p99: '#db2777' };
const PROVIDER_LABEL = { payment: 'Payment provider', mail: 'Mail server' };
const PALETTE = ['#b91c1c', '#d97706', '#0f766e', '#7c3aed', '#2563eb', '#be185d', '#4d7c0f', '#92400e', '#0e7490', '#6b7280', '#9333ea'];

export function rangeOf(params) {
  const range = params?.get('range');
  return Object.hasOwn(RANGES, range ?? '') ? range : DEFAULT_RANGE;
}

/** `{ label, color, values }` per line of a chart, and how its values read on the y axis. */
function charts(view) {
  const named = (series, labels, colors) => Object.entries(series).map(([name, values], i) => ({ label: labels[name] ?? name, color: colors[name] ?? PALETTE[i % PALETTE.length], values }));
  return {
    orders: { lines: named(view.ordersByStatus, STATUS_LABEL, STATUS_COLOR), counts: true },
    latency: { lines: named(view.latencyMs, {}, PERCENTILE_COLOR), counts: false, axis: (value) => durationText(value) },
    failures: { lines: named(view.failuresByReason, {}, {}), counts: true },
    providers: { lines: named(view.providerErrors, PROVIDER_LABEL, {}), counts: true },
  };
}

const sum = (lines) => lines.reduce((total, line) => total + line.values.reduce((a, b) => a + (b ?? 0), 0), 0);

export function createTrends(root, { onRange }) {
  const error = root.querySelector('[data-role=error]');
  const updated = root.querySelector('[data-testid=trends-updated]');
  const select = root.querySelector('[data-testid=trends-range]');
  const figures = Object.fromEntries([...root.querySelectorAll('[data-chart]')].map((figure) => [figure.dataset.chart, figure]));
  const plots = {};
  let range = DEFAULT_RANGE;
  let loading = false;

  setHtml(select, Object.entries(RANGES).map(([key, { label }]) => html`<option value="${key}">${label}</option>`));
  select.addEventListener('change', () => onRange(select.value));

  function draw(name, chart, xs, stepSeconds) {
    const figure = figures[name];
    const area = figure.querySelector('[data-role=plot]');
    plots[name]?.destroy();
    delete plots[name];
    const total = sum(chart.lines);
    figure.dataset.points = String(xs.length);
    figure.dataset.total = String(chart.counts ? total : chart.lines.reduce((n, line) => n + line.values.filter((v) => v !== null).length, 0));
    const empty = figure.querySelector('[data-role=empty]');
    empty.hidden = chart.lines.length > 0;
    if (chart.lines.length === 0) return;
    const width = Math.max(280, area.clientWidth || figure.clientWidth || 600);
    plots[name] = new uPlot(
      {
        width,
        height: HEIGHT,
        scales: { x: { time: true }, y: { range: (_u, min, max) => [0, Math.max(chart.counts ? 1 : 10, max ?? 0)] } },
        axes: [{}, { values: (_u, ticks) => ticks.map((tick) => (chart.axis ? chart.axis(tick) : numberText(tick))), size: 60, ...(chart.counts ? { incrs: COUNT_STEPS } : {}) }],
        series: [
          { label: 'Time' },
          ...chart.lines.map((line) => ({
            label: line.label,
            stroke: line.color,
            width: 2,
            // Counts hold for their whole minute (steps); a percentile is a point, shown even alone between empty minutes.
            ...(chart.counts ? { paths: STEPPED } : { points: { show: true, size: 5, fill: line.color } }),
            value: (_u, v) => (v === null || v === undefined ? '—' : chart.axis ? chart.axis(v) : numberText(v)),
          })),
        ],
        legend: { live: true },
      },
      [xs, ...chart.lines.map((line) => line.values)],
      area,
    );
    figure.dataset.step = String(stepSeconds);
  }

  function render(view) {
    const xs = view.times.map((ms) => ms / 1000);
    for (const [name, chart] of Object.entries(charts(view))) draw(name, chart, xs, view.stepSeconds);
    const step = view.stepSeconds === 60 ? 'per minute' : `per ${view.stepSeconds / 60} minutes`;
    updated.textContent = `${step} · ${clockTime(new Date(view.from))} – ${clockTime(new Date(view.to))} · updated ${clockTime(new Date())}`;
    root.dataset.state = 'drawn';
  }

  async function refresh() {
    if (loading || root.hidden) return true;
    loading = true;
    try {
      const from = new Date(Date.now() - RANGES[range].minutes * 60_000).toISOString();
      render(await api.trends({ from }));
      error.hidden = true;
      return true;
    } catch (failure) {
      if (isSessionEnded(failure)) return false;
      setHtml(error, errorNotice(`Could not load trends: ${failure.message}`, failure));
      error.hidden = false;
      return false;
    } finally {
      loading = false;
    }
  }

  new ResizeObserver(() => {
    for (const [name, plot] of Object.entries(plots)) {
      const width = figures[name].querySelector('[data-role=plot]').clientWidth;
      if (width > 0 && Math.abs(width - plot.width) > 4) plot.setSize({ width, height: HEIGHT });
    }
  }).observe(root);
  setInterval(() => {
    if (!document.hidden && !root.hidden) void refresh();
  }, REFRESH_MS);

  return {
    /** Shows the range (from the URL) and loads it. */
    show(params) {
      range = rangeOf(params);
      select.value = range;
      return refresh();
    },
    refresh,
    reset() {
      for (const plot of Object.values(plots)) plot.destroy();
      for (const name of Object.keys(plots)) delete plots[name];
      delete root.dataset.state;
      error.hidden = true;
      updated.textContent = '';
    },
  };
}
