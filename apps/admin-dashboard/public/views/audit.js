/**
 * The audit view (`#/audit`): every operator action, newest first — who, when, what, to which
 * order, SKU or bulk action, why, and how it ended — from `GET /admin/audit` (100 per page,
 * "Load more" pages on `at`). Orders and SKUs link to their own views. Read when the view is
 * shown and on Refresh; operator actions are rare, so nothing is pushed.
 */
import { api, isSessionEnded } from '../api.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { ACTION_LABEL, actionOutcome, orderLink, skuLink, timeTag } from '../format.js';

const PAGE_SIZE = 100;

function target(entry) {
  if (entry.orderId) return html`${orderLink(entry.orderId)}${entry.bulkId ? html` <span class="muted small">bulk <code>${entry.bulkId}</code></span>` : ''}`;
  if (entry.sku) return skuLink(entry.sku);
  if (entry.bulkId) return html`bulk <code>${entry.bulkId}</code>`;
  return '';
}

function row(entry) {
  return html`<tr data-testid="audit-row" data-operator="${entry.operator}" data-action="${entry.action}" data-outcome="${entry.outcome}">
    <td class="small">${timeTag(entry.at)}</td>
    <td><strong>${entry.operator}</strong></td>
    <td>${ACTION_LABEL[entry.action] ?? entry.action}</td>
    <td>${target(entry)}</td>
    <td>${entry.reason}</td>
    <td>${actionOutcome(entry.outcome)}</td>
  </tr>`;
}

export function createAudit(root) {
  const rows = root.querySelector('[data-role=rows]');
  const error = root.querySelector('[data-role=error]');
  const more = root.querySelector('[data-testid=audit-more]');
  let entries = [];
  let hasMore = false;
  let sequence = 0;

  function render() {
    setHtml(rows, entries.length === 0 ? html`<tr><td colspan="6" class="muted">No operator actions yet.</td></tr>` : entries.map(row));
    more.hidden = !hasMore;
  }

  async function load({ append }) {
    const mine = ++sequence;
    try {
      const page = await api.audit(append ? entries.at(-1)?.at : undefined);
      if (mine !== sequence) return;
      entries = append ? [...entries, ...page] : page;
      hasMore = page.length === PAGE_SIZE;
      error.hidden = true;
      render();
    } catch (failure) {
      if (isSessionEnded(failure) || mine !== sequence) return;
      setHtml(error, errorNotice(`Could not load the audit trail: ${failure.message}`, failure));
      error.hidden = false;
    }
  }

  more.addEventListener('click', () => void load({ append: true }));
  root.querySelector('[data-testid=audit-refresh]').addEventListener('click', () => void load({ append: false }));

  return {
    show: () => load({ append: false }),
    reset() {
      sequence += 1;
      entries = [];
      hasMore = false;
      render();
    },
  };
}
