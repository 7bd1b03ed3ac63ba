/**
 * Bulk actions: retry or cancel the selected orders, or every order matching the list's filter.
 * The confirmation says exactly what will happen (how many orders, which apply, what is skipped)
 * and asks why; the server does it in batches (POST /admin/orders/bulk) and this bar follows its
 * progress (GET /admin/bulk/:id) to the per-order results.
 */
import { api, isSessionEnded } from '../api.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { TERMINAL } from '../format.js';

const POLL_MS = 700;
const EFFECT = {
  retry: 'Each FAILED order resumes its compensations or re-runs its failed step; any other order is skipped (ORDER_NOT_RETRYABLE).',
  cancel: 'Each order still running forward and before the pivot is cancelled (stock released, card hold voided); finished, compensating or past-pivot orders are skipped with their reason.',
};

export function createBulk(root, { filter, onDone, onClear }) {
  let selection = [];
  let currentFilter = {};
  let matching = null; // { count, capped } for the filter
  let pending = null; // { action, scope: 'selected'|'filter' }
  let running = null; // the bulk action being followed
  let failure = null;
  let sequence = 0;
  let followSeq = 0;

  function eligible(action) {
    if (action === 'retry') return selection.filter((o) => o.status === 'FAILED').length;
    return selection.filter((o) => o.status !== null && !TERMINAL.has(o.status) && o.status !== 'COMPENSATING').length;
  }

  function confirmText() {
    const { action, scope } = pending;
    const verb = action === 'retry' ? 'Retry' : 'Cancel';
    if (scope === 'selected') {
      const n = selection.length;
      const apply = eligible(action);
      return `${verb} ${n} selected order${n === 1 ? '' : 's'}: ${apply} can be ${action === 'retry' ? 'retried' : 'cancelled'}, ${n - apply} will be skipped. ${EFFECT[action]}`;
    }
    const n = matching ? `${matching.capped ? 'at least ' : ''}${matching.count}` : 'all';
    const described = Object.entries(currentFilter ?? {}).filter(([k]) => k !== 'sort').map(([k, v]) => `${k}=${v}`).join(', ') || 'no filter';
    return `${verb} ${n} order${matching?.count === 1 ? '' : 's'} matching ${described} (as they stand when the action starts). ${EFFECT[action]}`;
  }

  function render() {
    const scopeAll = Object.keys(currentFilter ?? {}).some((k) => k !== 'sort') && matching !== null && matching.count > 0;
    root.hidden = selection.length === 0 && !scopeAll && running === null && failure === null;
    if (root.hidden) return setHtml(root, '');
    const resultList = running?.results?.filter((r) => r.outcome === 'SKIPPED') ?? [];
    setHtml(root, html`
      ${selection.length > 0 ? html`<span data-testid="bulk-selected" data-count="${selection.length}"><strong>${selection.length}</strong> selected</span>
        <button type="button" class="btn btn-small" data-bulk="retry" data-scope="selected" data-testid="bulk-retry">Retry selected</button>
        <button type="button" class="btn btn-small btn-danger-outline" data-bulk="cancel" data-scope="selected" data-testid="bulk-cancel">Cancel selected</button>
        <button type="button" class="btn btn-small btn-quiet" data-bulk-clear>Clear selection</button>` : ''}
      ${scopeAll ? html`<span class="muted">or all <strong data-testid="bulk-matching" data-count="${matching.count}">${matching.capped ? `${matching.count}+` : matching.count}</strong> matching this filter:</span>
        <button type="button" class="btn btn-small" data-bulk="retry" data-scope="filter" data-testid="bulk-retry-all">Retry all</button>
        <button type="button" class="btn btn-small btn-danger-outline" data-bulk="cancel" data-scope="filter" data-testid="bulk-cancel-all">Cancel all</button>` : ''}
      ${pending ? html`<form class="bulk-confirm" data-testid="bulk-confirm-form">
        <p data-testid="bulk-confirm-text">${confirmText()}</p>
        <label for="bulk-reason">Why (kept in the audit trail)</label>
        <input id="bulk-reason" type="text" data-testid="bulk-reason" required minlength="3" maxlength="500" placeholder="e.g. payment outage 14:02–14:20 is over">
        <div class="button-row"><button type="submit" class="btn btn-primary" data-testid="bulk-confirm">Yes, ${pending.action} them</button><button type="button" class="btn btn-quiet" data-bulk-back>Back</button></div>
      </form>` : ''}
      ${running ? html`<div class="bulk-confirm" data-testid="bulk-progress" data-state="${running.state}" data-applied="${running.applied}" data-skipped="${running.skipped}">
        <p><strong>${running.state === 'DONE' ? 'Done' : 'Working…'}</strong> ${running.action} · ${running.applied} applied, ${running.skipped} skipped of ${running.total} · <code>${running.bulkId}</code></p>
        ${resultList.length > 0 ? html`<ul class="small">${resultList.slice(0, 20).map((r) => html`<li data-testid="bulk-skipped"><code>${r.orderId}</code>: ${r.code} — ${r.message ?? ''}</li>`)}</ul>` : ''}
        ${running.state === 'DONE' ? html`<button type="button" class="btn btn-small btn-quiet" data-bulk-dismiss>Dismiss</button>` : ''}
      </div>` : ''}
      ${failure ? html`<div class="bulk-confirm">${failure}</div>` : ''}`);
    root.querySelector('[data-testid=bulk-reason]')?.focus();
  }

  async function follow(bulkId) {
    const mine = ++followSeq;
    for (;;) {
      try {
        running = await api.getBulk(bulkId);
      } catch (error) {
        if (isSessionEnded(error) || mine !== followSeq) return;
        failure = errorNotice(`Could not follow the bulk action: ${error.message}`, error);
      }
      if (mine !== followSeq) return;
      render();
      if (running?.state === 'DONE' || failure) {
        currentFilter = null; // the next list answer recounts what matches
        onDone();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async function submit(reason) {
    const { action, scope } = pending;
    const body = scope === 'selected' ? { action, ids: selection.map((o) => o.orderId), reason } : { action, filter: Object.fromEntries(Object.entries(filter()).filter(([k]) => k !== 'sort')), reason };
    pending = null;
    failure = null;
    try {
      running = await api.startBulk(body);
      onClear();
      render();
      void follow(running.bulkId);
    } catch (error) {
      if (isSessionEnded(error)) return;
      failure = errorNotice(`The bulk action was refused: ${error.message}`, error);
      render();
    }
  }

  root.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    if (button.dataset.bulk) {
      pending = { action: button.dataset.bulk, scope: button.dataset.scope };
      failure = null;
      render();
    } else if (button.hasAttribute('data-bulk-back')) {
      pending = null;
      render();
    } else if (button.hasAttribute('data-bulk-clear')) {
      onClear();
    } else if (button.hasAttribute('data-bulk-dismiss')) {
      running = null;
      render();
    }
  });
  root.addEventListener('submit', (event) => {
    event.preventDefault();
    const reason = root.querySelector('[data-testid=bulk-reason]').value.trim();
    if (reason.length < 3) return root.querySelector('[data-testid=bulk-reason]').reportValidity();
    void submit(reason);
  });

  return {
    async selectionChanged(orders, nextFilter = currentFilter) {
      selection = orders;
      if (JSON.stringify(nextFilter) !== JSON.stringify(currentFilter)) {
        currentFilter = nextFilter;
        matching = null;
        pending = null;
        const mine = ++sequence;
        const filterOnly = Object.fromEntries(Object.entries(nextFilter).filter(([k]) => k !== 'sort'));
        if (Object.keys(filterOnly).length > 0) {
          try {
            const answer = await api.countOrders(filterOnly);
            if (mine === sequence) matching = answer;
          } catch {
            /* the list shows the error */
          }
        }
      }
      if (pending?.scope === 'selected' && selection.length === 0) pending = null;
      render();
    },
    reset() {
      sequence += 1;
      followSeq += 1;
      selection = [];
      currentFilter = {};
      matching = null;
      pending = null;
      running = null;
      failure = null;
      render();
    },
  };
}
