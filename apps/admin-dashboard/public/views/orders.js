/**
 * The orders view: filter and search form (its state lives in the URL, `#/orders?…`), one page
 * of orders with "Load more", row selection for bulk actions, and live updates that never move
 * the table under the operator: changed rows update in place, new orders are counted in an
 * "N new orders" bar and shown when the operator asks.
 */
import { api, isSessionEnded } from '../api.js';
import { copyButton } from '../copy.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { REASONS, STATUSES, STATUS_LABEL, badge, itemsSummary, money, stackedTimeTag } from '../format.js';

export const PAGE_SIZE = 50;
const NEWER_LIMIT = 100;
const LIVE_MS = 1500;
export const FILTER_KEYS = ['status', 'reason', 'orderId', 'customerId', 'email', 'sku', 'from', 'to'];
const SEARCH_FIELDS = [
  ['orderId', 'Order id starts with'],
  ['customerId', 'Customer id'],
  ['email', 'Email'],
  ['sku', 'SKU'],
];

function row(order, selectedId, checked) {
  const open = order.orderId === selectedId;
  return html`<tr data-testid="order-row" data-order-id="${order.orderId}" data-status="${order.status}" class="clickable${open ? ' is-selected' : ''}${order.status === 'FAILED' ? ' row-failed' : ''}">
    <td class="check-cell"><input type="checkbox" data-testid="row-select" data-select="${order.orderId}" aria-label="Select order ${order.orderId}" ${checked ? html`checked` : ''}></td>
    <td class="id-cell"><button type="button" class="link mono" data-open="${order.orderId}" ${open ? html`aria-current="true"` : ''}>${order.orderId}</button> ${copyButton(order.orderId, 'Copy order id')}</td>
    <td>${badge(order.status)}${order.cancelRequested && order.status !== 'CANCELLED' ? html` <span class="tag" title="Cancellation requested">cancel requested</span>` : ''}</td>
    <td class="small reason-cell">${order.reason ?? html`<span class="muted">—</span>`}</td>
    <td><div class="ellipsis" title="${order.customerId}">${order.customerId}</div><div class="muted small ellipsis" title="${order.email}">${order.email}</div></td>
    <td class="small items-cell" title="${itemsSummary(order.items, Infinity)}">${itemsSummary(order.items)}</td>
    <td class="num nowrap">${money(order.payment?.amount, order.payment?.currency)}</td>
    <td>${badge(order.payment?.status)}</td>
    <td class="nowrap small">${stackedTimeTag(order.createdAt)}</td>
  </tr>`;
}

/** The filter of a route's parameters, only known keys with a value. */
export function filterOf(params) {
  const filter = {};
  for (const key of [...FILTER_KEYS, 'sort']) {
    const value = params.get(key);
    if (value) filter[key] = value;
  }
  return filter;
}

const localInput = (iso) => {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return '';
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const isoOf = (local) => (local ? new Date(local).toISOString() : '');

export function createOrders(root, { onOpen, onFilter, onSelectionChanged }) {
  const form = root.querySelector('[data-testid=orders-filter]');
  const inputs = {
    status: root.querySelector('[data-testid=status-filter]'),
    reason: root.querySelector('[data-testid=reason-filter]'),
    field: root.querySelector('[data-testid=search-field]'),
    text: root.querySelector('[data-testid=search-input]'),
    from: root.querySelector('[data-testid=from-filter]'),
    to: root.querySelector('[data-testid=to-filter]'),
    sort: root.querySelector('[data-testid=sort-select]'),
  };
  const tbody = root.querySelector('[data-role=rows]');
  const count = root.querySelector('[data-role=count]');
  const loadMore = root.querySelector('[data-testid=load-more]');
  const refreshButton = root.querySelector('[data-testid=orders-refresh]');
  const newBar = root.querySelector('[data-testid=new-orders-bar]');
  const selectPage = root.querySelector('[data-testid=select-page]');
  const error = root.querySelector('[data-role=error]');

  setHtml(inputs.status, html`<option value="">All statuses</option>${STATUSES.map((s) => html`<option value="${s}">${STATUS_LABEL[s]}</option>`)}`);
  setHtml(inputs.reason, html`<option value="">Any reason</option>${REASONS.map((r) => html`<option value="${r}">${r}</option>`)}`);
  setHtml(inputs.field, SEARCH_FIELDS.map(([value, label]) => html`<option value="${value}">${label}</option>`));

  let filter = {};
  let orders = [];
  let hasMore = false;
  let loading = false;
  let openId = null;
  let newer = 0;
  const selected = new Set();
  let sequence = 0; // answers to superseded requests are dropped
  let liveTimer = null;
  let liveRunning = false;

  function render() {
    if (orders.length === 0) {
      const text = loading ? 'Loading orders…' : Object.keys(filter).some((k) => k !== 'sort') ? 'No orders match this filter.' : 'No orders yet.';
      setHtml(tbody, html`<tr class="empty-row"><td colspan="9">${text}</td></tr>`);
    } else {
      setHtml(tbody, orders.map((order) => row(order, openId, selected.has(order.orderId))));
    }
    count.textContent = orders.length === 0 ? '' : `Showing ${orders.length} order${orders.length === 1 ? '' : 's'}${hasMore ? '' : ' (all)'}`;
    loadMore.hidden = !hasMore;
    loadMore.disabled = loading;
    loadMore.textContent = loading && orders.length > 0 ? 'Loading…' : 'Load more';
    newBar.hidden = newer === 0;
    newBar.dataset.count = String(newer);
    newBar.textContent = `${newer >= NEWER_LIMIT ? `${NEWER_LIMIT}+` : newer} new order${newer === 1 ? '' : 's'} — show`;
    selectPage.checked = orders.length > 0 && orders.every((o) => selected.has(o.orderId));
    selectPage.indeterminate = !selectPage.checked && orders.some((o) => selected.has(o.orderId));
  }

  function writeForm() {
    inputs.status.value = filter.status ?? '';
    inputs.reason.value = filter.reason ?? '';
    const field = SEARCH_FIELDS.find(([key]) => filter[key])?.[0] ?? inputs.field.value ?? 'orderId';
    inputs.field.value = field;
    inputs.text.value = filter[field] ?? '';
    inputs.from.value = localInput(filter.from);
    inputs.to.value = localInput(filter.to);
    inputs.sort.value = filter.sort ?? 'newest';
  }

  function readForm() {
    const next = {};
    if (inputs.status.value) next.status = inputs.status.value;
    if (inputs.reason.value) next.reason = inputs.reason.value;
    const text = inputs.text.value.trim();
    if (text) next[inputs.field.value] = text;
    if (inputs.from.value) next.from = isoOf(inputs.from.value);
    if (inputs.to.value) next.to = isoOf(inputs.to.value);
    if (inputs.sort.value === 'oldest') next.sort = 'oldest';
    return next;
  }

  async function load({ append }) {
    const mine = ++sequence;
    loading = true;
    if (!append) {
      orders = [];
      hasMore = false;
      newer = 0;
    }
    render();
    const last = append ? orders.at(-1) : undefined;
    const cursor = last === undefined ? {} : filter.sort === 'oldest' ? { after: last.createdAt, afterId: last.orderId } : { before: last.createdAt, beforeId: last.orderId };
    try {
      const page = await api.listOrders({ ...filter, limit: PAGE_SIZE, ...cursor });
      if (mine !== sequence) return;
      const known = new Set(orders.map((o) => o.orderId));
      orders = orders.concat(page.filter((o) => !known.has(o.orderId)));
      hasMore = page.length === PAGE_SIZE;
      error.hidden = true;
      if (!append) emitSelection();
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

  /**
   * Orders of the filter created after the first row's millisecond, counted up to NEWER_LIMIT on
   * the filter's index (no order is read): the "N new orders" bar. An order created in the same
   * millisecond as the first row shows with the next "show".
   */
  async function countNewer(first) {
    const only = Object.fromEntries(Object.entries(filter).filter(([name]) => name !== 'sort'));
    const after = new Date(Date.parse(first.createdAt) + 1);
    const from = only.from && Date.parse(only.from) > after.getTime() ? only.from : after.toISOString();
    return (await api.countOrders({ ...only, from, limit: NEWER_LIMIT })).count;
  }

  /** Live: count what arrived above the first row, and refresh the rows on screen in place. */
  async function liveRefresh() {
    liveTimer = null;
    if (liveRunning || loading) return;
    if (orders.length === 0) return load({ append: false });
    liveRunning = true;
    const mine = sequence;
    try {
      const first = orders[0];
      const [arrived, current] = await Promise.all([
        filter.sort === 'oldest' ? Promise.resolve(0) : countNewer(first),
        api.listOrders({ ids: orders.slice(0, 100).map((o) => o.orderId).join(',') }),
      ]);
      if (mine !== sequence) return;
      newer = arrived;
      const byId = new Map(current.map((o) => [o.orderId, o]));
      orders = orders.map((o) => byId.get(o.orderId) ?? o);
      render();
    } catch (failure) {
      if (!isSessionEnded(failure)) console.warn('live refresh of the orders failed', failure);
    } finally {
      liveRunning = false;
    }
  }

  const statusOf = new Map();
  function emitSelection() {
    for (const order of orders) statusOf.set(order.orderId, order.status);
    onSelectionChanged?.([...selected].map((id) => ({ orderId: id, status: statusOf.get(id) ?? null })), filter);
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onFilter(readForm());
  });
  for (const select of [inputs.status, inputs.reason, inputs.sort]) select.addEventListener('change', () => onFilter(readForm()));
  root.querySelector('[data-testid=filter-clear]').addEventListener('click', () => {
    inputs.text.value = '';
    onFilter({});
  });
  refreshButton.addEventListener('click', () => load({ append: false }));
  loadMore.addEventListener('click', () => load({ append: true }));
  newBar.addEventListener('click', () => {
    void load({ append: false });
    root.scrollIntoView({ block: 'start' });
  });
  selectPage.addEventListener('change', () => {
    for (const order of orders) {
      if (selectPage.checked) selected.add(order.orderId);
      else selected.delete(order.orderId);
    }
    render();
    emitSelection();
  });
  tbody.addEventListener('change', (event) => {
    const box = event.target.closest('input[data-select]');
    if (!box) return;
    if (box.checked) selected.add(box.dataset.select);
    else selected.delete(box.dataset.select);
    render();
    emitSelection();
  });
  tbody.addEventListener('click', (event) => {
    const tr = event.target.closest('tr[data-order-id]');
    if (!tr) return;
    if (event.target.closest('a, input, button:not([data-open]), .check-cell')) return;
    onOpen(tr.dataset.orderId);
  });

  render();

  return {
    /** Shows the filter of the route; reloads only when it changed (opening an order keeps the list). */
    show(nextFilter) {
      const same = JSON.stringify(nextFilter) === JSON.stringify(filter) && (orders.length > 0 || loading);
      filter = nextFilter;
      writeForm();
      if (same) return Promise.resolve();
      selected.clear();
      emitSelection();
      return load({ append: false });
    },
    filter: () => ({ ...filter }),
    reload: () => load({ append: false }),
    /** Live signal: at most every LIVE_MS, never moving rows. */
    liveChanged() {
      if (liveTimer === null) liveTimer = setTimeout(() => void liveRefresh(), LIVE_MS);
    },
    select(orderId) {
      openId = orderId;
      render();
    },
    clearSelection() {
      selected.clear();
      render();
      emitSelection();
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
      clearTimeout(liveTimer);
      liveTimer = null;
      orders = [];
      filter = {};
      hasMore = false;
      loading = false;
      openId = null;
      newer = 0;
      selected.clear();
      writeForm();
      error.hidden = true;
      render();
    },
  };
}
