/** Labels and formatting shared by the views. Everything here returns text or escaped `html`. */
import { html } from './html.js';

export const STATUSES = ['PENDING', 'RESERVED', 'PAYMENT_AUTHORIZED', 'STOCK_COMMITTED', 'PAID', 'COMPENSATING', 'COMPLETED', 'CANCELLED', 'FAILED'];
export const TERMINAL = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);
export const REASONS = ['OUT_OF_STOCK', 'UNKNOWN_SKU', 'PAYMENT_DECLINED', 'PAYMENT_REJECTED', 'CAPTURE_FAILED', 'CANCELLED_BY_CUSTOMER', 'CANCELLED_BY_OPERATOR', 'STEP_EXHAUSTED', 'COMPENSATION_FAILED', 'TIMEOUT', 'COMPENSATION_STALLED'];

export const STATUS_LABEL = {
  PENDING: 'Pending',
  RESERVED: 'Reserved',
  PAYMENT_AUTHORIZED: 'Payment authorized',
  STOCK_COMMITTED: 'Stock committed',
  PAID: 'Paid',
  COMPENSATING: 'Compensating',
  COMPLETED: 'Completed',
  CANCELLED: 'Cancelled',
  FAILED: 'Failed',
};

/** Known counters, in display order, with a human label and a one-line explanation. */
export const COUNTERS = [
  ['saga.jobs.stale_dropped', 'Stale/duplicate jobs dropped', 'Jobs for a step the saga had already moved past'],
  ['inventory.locks.busy_requeued', 'Busy item locks re-queued', 'Stock steps that found an item locked and were re-queued'],
  ['saga.steps.retried', 'Step retries', 'Steps that failed technically and were tried again'],
  ['saga.steps.exhausted', 'Steps out of attempts', 'Steps that used up their retries'],
  ['saga.recovery.redispatched', 'Stuck sagas re-dispatched', 'Steps re-sent by the recovery sweep'],
  ['provider.payment.retries', 'Payment provider waits', 'Payment steps re-queued because the provider was unavailable'],
  ['provider.payment.circuit_opened', 'Payment circuit opened', 'Times a worker stopped calling a failing payment provider for CIRCUIT_OPEN_MS'],
  ['provider.mail.retries', 'Mail server waits', 'Notification steps re-queued because the mail server was unavailable'],
  ['provider.mail.circuit_opened', 'Mail circuit opened', 'Times a worker stopped calling a failing mail server for CIRCUIT_OPEN_MS'],
  ['orders.idempotent_replays', 'Idempotent order replays', 'Repeated POST /orders answered from the first request'],
  ['saga.jobs.orphaned', 'Orphaned jobs dropped', 'Jobs whose order no longer exists'],
];

export const STEP_LABEL = {
  RESERVE_STOCK: 'Reserve stock',
  AUTHORIZE_PAYMENT: 'Authorize payment',
  COMMIT_STOCK: 'Commit stock',
  CAPTURE_PAYMENT: 'Capture payment',
  SEND_CONFIRMATION: 'Send confirmation',
  RELEASE_STOCK: 'Release stock',
  VOID_PAYMENT: 'Void payment',
  SEND_CANCELLATION: 'Send cancellation',
};

const TONE = {
  PENDING: 'neutral', RESERVED: 'blue', PAYMENT_AUTHORIZED: 'violet', STOCK_COMMITTED: 'teal', PAID: 'teal', COMPENSATING: 'amber',
  COMPLETED: 'green', CANCELLED: 'grey', FAILED: 'red',
  // payment, step outcomes, reservations, notifications
  AUTHORIZED: 'violet', CAPTURED: 'green', DECLINED: 'red', VOIDED: 'grey', NOT_CHARGED: 'grey',
  SUCCEEDED: 'green', RETRYING: 'amber',
  RELEASED: 'grey', COMMITTED: 'green', SENDING: 'amber', SENT: 'green',
};

export function toneOf(value) {
  return TONE[value] ?? 'neutral';
}

export function badge(value) {
  if (value === undefined || value === null || value === '') return html`<span class="muted">—</span>`;
  return html`<span class="badge tone-${toneOf(value)}" data-status="${value}">${value}</span>`;
}

/** Minor units to "19.99 USD" (integer arithmetic, no float rounding). */
export function money(cents, currency) {
  if (typeof cents !== 'number' || !Number.isFinite(cents)) return '—';
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const text = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return currency ? `${text} ${String(currency).toUpperCase()}` : text;
}

const pad = (n) => String(n).padStart(2, '0');

/** ISO time to local "2024-05-01 14:03:07"; "—" when missing or invalid. */
export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function clockTime(date) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `<time>` element with the local time shown and the exact ISO value as tooltip. */
export function timeTag(iso) {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}" title="${iso}">${dateTime(iso)}</time>`;
}

/** Like timeTag, with the date above the time (narrow table columns). */
export function stackedTimeTag(iso) {
  const text = dateTime(iso);
  if (!iso || !text.includes(' ')) return timeTag(iso);
  const [day, time] = text.split(' ');
  return html`<time class="stacked-time" datetime="${iso}" title="${iso}"><span>${day}</span> <span class="muted">${time}</span></time>`;
}

/** "2 × SKU-A, 1 × SKU-B +3 more" */
export function itemsSummary(items, shown = 2) {
  if (!Array.isArray(items) || items.length === 0) return '—';
  const head = items.slice(0, shown).map((item) => `${item.quantity} × ${item.sku}`).join(', ');
  return items.length > shown ? `${head} +${items.length - shown} more` : head;
}

/** A duration in ms as `12 ms`, `1.5 s` or `3 min` (a step's time on the timeline, a latency on the trends). */
export function durationText(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

/** A SKU as a link to its inventory view (`#/inventory/<sku>`: its stock, holds and lock). */
export function skuLink(sku) {
  return html`<a class="mono" href="#/inventory/${encodeURIComponent(sku)}" data-testid="sku-link" data-sku="${sku}">${sku}</a>`;
}

/** An order id as a link to its detail (`#/orders/<id>`). */
export function orderLink(orderId) {
  return html`<a class="mono" href="#/orders/${encodeURIComponent(orderId)}" data-testid="order-link" data-order-id="${orderId}">${orderId}</a>`;
}

/** Operator actions of the audit trail, as the console names them. */
export const ACTION_LABEL = { 'order.retry': 'Retry', 'order.cancel': 'Cancel', 'bulk.start': 'Bulk action', 'stock.set': 'Set stock', 'stock.adjust': 'Adjust stock' };

/** An audit entry's outcome: `APPLIED`, `APPLIED (what it set)`, or the code that refused the action. */
export function actionOutcome(text) {
  if (text === 'APPLIED') return 'done';
  if (text.startsWith('APPLIED ')) return html`done <span class="muted small">${text.slice('APPLIED '.length)}</span>`;
  return html`refused: <code>${text}</code>`;
}

export function numberText(value) {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '—';
}
