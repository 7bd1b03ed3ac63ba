/** Orders table: status filter, newest first, "Load more" paging after the last row (`before` = its createdAt, `beforeId` = its id). */
import { api, isSessionEnded } from '../api.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { STATUSES, STATUS_LABEL, badge, itemsSummary, money, stackedTimeTag } from '../format.js';

export const PAGE_SIZE = 50;

function row(order, selectedId) {
  const selected = order.orderId === selectedId;
  return html`<tr data-testid="order-row" data-order-id="${order.orderId}" class="clickable${selected ? ' is-selected' : ''}${order.status === 'FAILED' ? ' row-failed' : ''}">
    <td><button type="button" class="link mono" data-open="${order.orderId}" title="${order.orderId}" ${selected ? html`aria-current="true"` : ''}>${order.orderId}</button></td>
    <td>${badge(order.status)}${order.cancelRequested && order.status !== 'CANCELLED' ? html` <span class="tag" title="Cancellation requested">cancel requested</span>` : ''}</td>
    <td class="small reason-cell">${order.reason ?? html`<span class="muted">—</span>`}</td>
    <td><div class="ellipsis" title="${order.customerId}">${order.customerId}</div><div class="muted small ellipsis" title="${order.email}">${order.email}</div></td>
    <td class="small items-cell" title="${itemsSummary(order.items, Infinity)}">${itemsSummary(order.items)}</td>
    <td class="num nowrap">${money(order.payment?.amount, order.payment?.currency)}</td>
    <td>${badge(order.payment?.status)}</td>
    <td class="nowrap small">${stackedTimeTag(order.createdAt)}</td>
  </tr>`;
}

export function createOrders(root, { onOpen }) {
  const filter = root.querySelector('[data-testid=status-filter]');
  const tbody = root.querySelector('[data-role=rows]');
  const count = root.querySelector('[data-role=count]');
  const loadMore = root.querySelector('[data-testid=load-more]');
  const refreshButton = root.querySelector('[data-testid=orders-refresh]');
  const error = root.querySelector('[data-role=error]');

  setHtml(filter, html`<option value="">All statuses</option>${STATUSES.map((s) => html`<option value="${s}">${STATUS_LABEL[s]}</option>`)}`);

  let orders = [];
  let hasMore = false;
  let loading = false;
  let selectedId = null;
  let sequence = 0; // answers to superseded requests are dropped

  function render() {
    if (orders.length === 0) {
      const text = loading ? 'Loading orders…' : filter.value ? `No ${STATUS_LABEL[filter.value]} orders.` : 'No orders yet.';
      setHtml(tbody, html`<tr class="empty-row"><td colspan="8">${text}</td></tr>`);
    } else {
      setHtml(tbody, orders.map((order) => row(order, selectedId)));
    }
    count.textContent = orders.length === 0 ? '' : `Showing ${orders.length} order${orders.length === 1 ? '' : 's'}${hasMore ? '' : ' (all)'}`;
    loadMore.hidden = !hasMore;
    loadMore.disabled = loading;
    loadMore.textContent = loading && orders.length > 0 ? 'Loading…' : 'Load more';
  }

  async function load({ append }) {
    const mine = ++sequence;
    loading = true;
    if (!append) {
      orders = [];
      hasMore = false;
    }
    render();
    const before = append ? orders.at(-1)?.createdAt : undefined;
    const beforeId = append ? orders.at(-1)?.orderId : undefined;
    try {
      const page = await api.listOrders({ status: filter.value || undefined, limit: PAGE_SIZE, before, beforeId });
      if (mine !== sequence) return;
      const known = new Set(orders.map((o) => o.orderId));
      orders = orders.concat(page.filter((o) => !known.has(o.orderId)));
      hasMore = page.length === PAGE_SIZE;
      error.hidden = true;
    } catch (failure) {
      if (mine !== sequence || isSessionEnded(failure)) return;
      setHtml(error, errorNotice(`Could not load orders: ${failure.message}`, failure));
      error.hidden = false;
    } finally {
      if (mine === sequence) {
        loading = false;
        render();
      }
    }
  }

  filter.addEventListener('change', () => load({ append: false }));
  refreshButton.addEventListener('click', () => load({ append: false }));
  loadMore.addEventListener('click', () => load({ append: true }));
  tbody.addEventListener('click', (event) => {
    const tr = event.target.closest('tr[data-order-id]');
    if (!tr) return;
    if (event.target.closest('a, button:not([data-open])')) return;
    onOpen(tr.dataset.orderId);
  });

  render();

  return {
    load: () => load({ append: false }),
    filterBy(status) {
      filter.value = STATUSES.includes(status) ? status : '';
      return load({ append: false });
    },
    select(orderId) {
      selectedId = orderId;
      render();
    },
    /** Updates a row in place after an action or a detail refresh (it stays even if it left the filter). */
    update(order) {
      const index = orders.findIndex((o) => o.orderId === order.orderId);
      if (index === -1) return;
      orders = orders.map((o, i) => (i === index ? order : o));
      render();
    },
    reset() {
      sequence += 1;
      orders = [];
      hasMore = false;
      loading = false;
      selectedId = null;
      filter.value = '';
      error.hidden = true;
      render();
    },
  };
}
