/**
 * Overview: order counts per status, saga counters, queue depths, the live worker processes (and
 * a warning for a queue with waiting jobs that no live worker consumes); its metrics also feed
 * the banners shown on every view (alerts.js).
 */
import { api, isSessionEnded } from '../api.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { COUNTERS, STATUSES, STATUS_LABEL, numberText, timeTag } from '../format.js';

const QUEUE_FIELDS = ['waiting', 'active', 'delayed', 'failed'];
const KNOWN_COUNTERS = new Set(COUNTERS.map(([name]) => name));

function count(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function tiles(byStatus) {
  const total = STATUSES.reduce((sum, status) => sum + count(byStatus?.[status]), 0);
  return html`${STATUSES.map((status) => {
    const n = byStatus ? count(byStatus[status]) : null;
    const alert = status === 'FAILED' && n > 0;
    return html`<button type="button" class="tile tile-${status}${alert ? ' tile-alert' : ''}" data-testid="status-tile-${status}" data-status="${status}" data-value="${n ?? ''}" title="Show ${STATUS_LABEL[status]} orders">
      <span class="tile-label">${STATUS_LABEL[status]}</span>
      <span class="tile-value">${n ?? '–'}</span>
      ${alert ? html`<span class="tile-note">needs an operator</span>` : ''}
    </button>`;
  })}<div class="tile tile-total" data-testid="status-tile-TOTAL" data-value="${byStatus ? total : ''}"><span class="tile-label">All orders</span><span class="tile-value">${byStatus ? total : '–'}</span></div>`;
}

function counters(values) {
  const extra = Object.keys(values ?? {}).filter((name) => !KNOWN_COUNTERS.has(name)).sort();
  const rows = [...COUNTERS, ...extra.map((name) => [name, name, ''])];
  return rows.map(([name, label, help]) => {
    const value = values ? count(values[name]) : null;
    return html`<div class="counter" data-testid="counter-${name}" data-value="${value ?? ''}" title="${help}">
      <span class="counter-value">${value ?? '–'}</span>
      <span class="counter-label">${label}</span>
      <code class="counter-name">${name}</code>
    </div>`;
  });
}

function queues(depths) {
  const names = Object.keys(depths ?? {});
  if (names.length === 0) return html`<tr><td colspan="5" class="muted">No queues reported.</td></tr>`;
  return names.sort().map((name) => html`<tr data-testid="queue-${name}">
    <th scope="row">${name}</th>
    ${QUEUE_FIELDS.map((field) => {
      const value = depths[name]?.[field];
      const warn = field === 'failed' && count(value) > 0;
      return html`<td class="num${warn ? ' text-danger strong' : ''}">${numberText(value)}</td>`;
    })}
  </tr>`);
}

/** Workers are re-read at most this often (they change when processes start, stop or pause). */
const WORKERS_EVERY_MS = 5_000;

function workerRows(workers) {
  if (!workers) return html`<tr><td colspan="5" class="muted">Loading…</td></tr>`;
  if (workers.length === 0) return html`<tr><td colspan="5" class="muted">No live worker process.</td></tr>`;
  return workers.map((worker) => html`<tr data-testid="worker-row" data-kind="${worker.kind}">
    <th scope="row">${worker.kind}</th>
    <td class="mono small">${worker.host} · ${worker.pid}</td>
    <td><span class="badge tone-${worker.state === 'consuming' ? 'green' : 'red'}">${worker.state}</span></td>
    <td class="num">${numberText(worker.jobsInFlight)} / ${numberText(worker.concurrency)}</td>
    <td class="small">${timeTag(worker.heartbeatAt)}</td>
  </tr>`);
}

export function createOverview(root, { onStatusSelect, alerts }) {
  const error = root.querySelector('[data-role=error]');
  const parts = {
    tiles: root.querySelector('[data-role=tiles]'),
    counters: root.querySelector('[data-role=counters]'),
    queues: root.querySelector('[data-role=queues]'),
    workers: root.querySelector('[data-role=workers]'),
    unattended: root.querySelector('[data-testid=unattended-queues]'),
  };
  let workersReadAt = 0;

  /** Re-reads the live workers (at most every WORKERS_EVERY_MS unless `force`). */
  async function refreshWorkers(force) {
    if (!force && Date.now() - workersReadAt < WORKERS_EVERY_MS) return true;
    workersReadAt = Date.now();
    try {
      const { workers, unattended } = await api.workers();
      setHtml(parts.workers, workerRows(workers));
      setHtml(parts.unattended, unattended.map(({ queue, waiting }) => html`<p data-queue="${queue}"><strong>${numberText(waiting)} job${waiting === 1 ? '' : 's'} waiting in ${queue} and no live worker consuming it.</strong> Start (or resume) a ${queue} worker.</p>`));
      parts.unattended.hidden = unattended.length === 0;
      return true;
    } catch (failure) {
      if (isSessionEnded(failure)) return false;
      setHtml(parts.workers, html`<tr><td colspan="5" class="muted">Could not load workers: ${failure.message}</td></tr>`);
      return false;
    }
  }

  root.addEventListener('click', (event) => {
    const tile = event.target.closest('button[data-status]');
    if (tile && root.contains(tile)) onStatusSelect(tile.dataset.status);
  });

  function render(metrics) {
    setHtml(parts.tiles, tiles(metrics?.ordersByStatus ?? null));
    setHtml(parts.counters, counters(metrics?.counters ?? null));
    setHtml(parts.queues, metrics ? queues(metrics.queues) : html`<tr><td colspan="5" class="muted">Loading…</td></tr>`);
    alerts.render(metrics);
  }

  render(null);
  setHtml(parts.workers, workerRows(null));
  // Workers come and go without orders moving (no live push then): re-read them on a timer too.
  setInterval(() => {
    if (!document.hidden && !root.hidden) void refreshWorkers(false);
  }, WORKERS_EVERY_MS);

  return {
    /** Shows metrics pushed by the live stream. */
    render(metrics) {
      render(metrics);
      error.hidden = true;
      void refreshWorkers(false);
    },
    /** Loads the metrics; resolves to false (with the error shown) when that failed. */
    async refresh() {
      try {
        const [metrics, workersOk] = await Promise.all([api.metrics(), refreshWorkers(true)]);
        render(metrics);
        error.hidden = true;
        return workersOk;
      } catch (failure) {
        if (isSessionEnded(failure)) return false;
        setHtml(error, errorNotice(`Could not load metrics: ${failure.message}`, failure));
        error.hidden = false;
        return false;
      }
    },
    reset() {
      error.hidden = true;
      workersReadAt = 0;
      setHtml(parts.workers, workerRows(null));
      parts.unattended.hidden = true;
      render(null);
    },
  };
}
