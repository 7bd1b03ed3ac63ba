/**
 * The order detail panel: every field, the step history as a timeline, reservations, notifications
 * and the operator actions (cancel while not terminal, retry when FAILED), each behind a confirm step.
 */
import { api, isSessionEnded } from '../api.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { ACTION_LABEL, STEP_LABEL, TERMINAL, actionOutcome, badge, durationText, money, numberText, skuLink, timeTag, toneOf } from '../format.js';

const ACTIONS = {
  cancel: {
    label: 'Cancel order',
    confirm: 'Yes, cancel order',
    busy: 'Cancelling…',
    question: (order) => `Cancel order ${order.orderId}? Reserved stock is released and any hold on the card voided. This cannot be undone.`,
    run: (orderId, reason) => api.cancelOrder(orderId, reason),
    done: 'Cancellation requested. The saga is compensating; this panel updates as it progresses.',
  },
  retry: {
    label: 'Retry',
    confirm: 'Yes, retry',
    busy: 'Retrying…',
    question: (order) => {
      const step = lastFailedStep(order);
      return `Retry order ${order.orderId}? ${step ? `The failed step (${STEP_LABEL[step] ?? step}) is re-run` : 'The failed step is re-run'}, or its compensations resumed.`;
    },
    run: (orderId, reason) => api.retryOrder(orderId, reason),
    done: 'Retry dispatched. The saga resumes; this panel updates as it progresses.',
  },
};

function lastFailedStep(order) {
  const failed = (order.history ?? []).filter((entry) => entry.outcome === 'FAILED');
  return failed.at(-1)?.step ?? null;
}

function availableActions(order) {
  const actions = [];
  if (!TERMINAL.has(order.status) && order.status !== 'COMPENSATING') actions.push('cancel'); // the API answers 409 ORDER_ALREADY_COMPENSATING
  if (order.status === 'FAILED') actions.push('retry');
  return actions;
}

/** What a payment state means for the customer's money, said plainly. */
const PAYMENT_NOTE = {
  NOT_CHARGED: 'nothing was charged or held: nothing to void or refund',
  DECLINED: 'the card was declined: nothing was charged',
  VOIDED: 'the hold on the card was released: nothing was charged',
  AUTHORIZED: 'funds held on the card, not yet charged',
  CAPTURED: 'charged',
};

function field(label, value) {
  return html`<div class="field-row"><dt>${label}</dt><dd>${value}</dd></div>`;
}

const dash = html`<span class="muted">—</span>`;
const orDash = (value) => (value === undefined || value === null || value === '' ? dash : value);

/** How often an open order that has ended is re-read while orders move (its own actions re-read it at once). */
const ENDED_REFRESH_MS = 15_000;

function timeline(history, createdAt) {
  if (!history?.length) return html`<p class="muted" data-testid="order-history">No steps recorded yet.</p>`;
  const started = history.map((entry, index) => Date.parse(index === 0 ? createdAt : history[index - 1].at));
  return html`<ol class="timeline" data-testid="order-history">${history.map((entry, index) => html`<li class="timeline-item tone-${toneOf(entry.outcome)}" data-testid="history-entry" data-step="${entry.step}" data-outcome="${entry.outcome}">
    <span class="timeline-dot" aria-hidden="true"></span>
    <div class="timeline-main">
      <div class="timeline-line">
        <strong>${STEP_LABEL[entry.step] ?? entry.step}</strong>
        ${badge(entry.outcome)}
        <span class="muted small">attempt ${numberText(entry.attempt)}</span>
        <span class="muted small" data-testid="step-duration" title="Since the previous step (queueing and work)">${durationText(Date.parse(entry.at) - started[index])}</span>
        <span class="timeline-time small">${timeTag(entry.at)}</span>
      </div>
      <code class="timeline-code">${entry.step}</code>
      ${entry.error ? html`<pre class="timeline-error">${entry.error}</pre>` : ''}
    </div>
  </li>`)}</ol>`;
}

function table(headers, rows, empty, testid) {
  if (!rows?.length) return html`<p class="muted" data-testid="${testid}">${empty}</p>`;
  return html`<div class="table-wrap"><table class="table compact" data-testid="${testid}">
    <thead><tr>${headers.map(([label, cls]) => html`<th scope="col" class="${cls ?? ''}">${label}</th>`)}</tr></thead>
    <tbody>${rows}</tbody></table></div>`;
}

function body(detail) {
  const { order, nextRunAt, reservations, notifications, audit } = detail;
  const payment = order.payment ?? {};
  return html`
    ${order.status === 'FAILED' ? html`<div class="alert alert-error"><strong>Needs an operator.</strong> ${order.reason ? html`Reason: <code>${order.reason}</code>.` : ''} Retry re-runs the failed step or resumes its compensations.</div>` : ''}
    <section class="detail-section">
      <h3>Summary</h3>
      <dl class="fields">
        ${field('Status', badge(order.status))}
        ${field('Reason', orDash(order.reason))}
        ${field('Cancel requested', order.cancelRequested ? 'Yes' : 'No')}
        ${field('Customer ID', html`<span class="mono">${order.customerId}</span>`)}
        ${field('Email', orDash(order.email))}
        ${field('Created', timeTag(order.createdAt))}
        ${field('Updated', timeTag(order.updatedAt))}
        ${field(order.status === 'COMPLETED' ? 'Completed' : 'Ended', timeTag(order.completedAt))}
      </dl>
    </section>
    <section class="detail-section">
      <h3>Payment</h3>
      <dl class="fields">
        ${field('Status', html`${badge(payment.status)}${PAYMENT_NOTE[payment.status] ? html` <span class="muted small" data-testid="payment-note">${PAYMENT_NOTE[payment.status]}</span>` : ''}`)}
        ${field('Amount', money(payment.amount, payment.currency))}
        ${field('Currency', orDash(payment.currency ? String(payment.currency).toUpperCase() : ''))}
        ${field('PaymentIntent', payment.paymentIntentId ? html`<span class="mono">${payment.paymentIntentId}</span>` : dash)}
      </dl>
    </section>
    <section class="detail-section">
      <h3>Items</h3>
      ${table([['SKU'], ['Quantity', 'num']], (order.items ?? []).map((item) => html`<tr><td class="mono">${item.sku}</td><td class="num">${numberText(item.quantity)}</td></tr>`), 'No items.', 'order-items')}
    </section>
    <section class="detail-section">
      <h3>Step history</h3>
      ${nextRunAt ? html`<p class="alert alert-warning small" data-testid="next-run">${STEP_LABEL[order.history?.at(-1)?.step] ?? 'The current step'} waits to be tried again: next run ${timeTag(nextRunAt)}.</p>` : ''}
      ${timeline(order.history, order.createdAt)}
    </section>
    <section class="detail-section">
      <h3>Operator actions</h3>
      ${audit?.length ? html`<ul class="audit-list" data-testid="order-audit">${audit.map((a) => html`<li data-testid="audit-entry" data-operator="${a.operator}" data-action="${a.action}" data-outcome="${a.outcome}">
        <strong>${ACTION_LABEL[a.action] ?? a.action}</strong> by <strong>${a.operator}</strong> · ${timeTag(a.at)} · ${actionOutcome(a.outcome)}${a.bulkId ? html` · bulk <code>${a.bulkId}</code>` : ''}
        <div class="muted small">Why: ${a.reason}</div></li>`)}</ul>` : html`<p class="muted" data-testid="order-audit">No operator actions.</p>`}
    </section>
    <section class="detail-section">
      <h3>Reservations</h3>
      ${table([['SKU'], ['Quantity', 'num'], ['State'], ['Updated']], (reservations ?? []).map((r) => html`<tr data-testid="reservation-row" data-sku="${r.sku}"><td>${skuLink(r.sku)}</td><td class="num">${numberText(r.quantity)}</td><td>${badge(r.state)}</td><td class="small">${timeTag(r.updatedAt)}</td></tr>`), 'No reservations.', 'order-reservations')}
    </section>
    <section class="detail-section">
      <h3>Notifications</h3>
      ${table([['Type'], ['State'], ['Attempts', 'num'], ['Sent']], (notifications ?? []).map((n) => html`<tr><td>${n.type}</td><td>${badge(n.state)}</td><td class="num">${numberText(n.attempts)}</td><td class="small">${timeTag(n.sentAt)}</td></tr>`), 'No notifications.', 'order-notifications')}
    </section>`;
}

export function createOrderDetail(panel, { onOrderChanged, onClose }) {
  const title = panel.querySelector('#detail-title');
  const actionsBox = panel.querySelector('[data-role=actions]');
  const bodyBox = panel.querySelector('[data-role=body]');
  let orderId = null;
  let detail = null;
  let fetchedAt = 0;
  let loadError = null;
  let action = { pending: null, busy: false, error: null, notice: null };
  let sequence = 0;

  function renderActions() {
    if (!detail) return setHtml(actionsBox, '');
    const { order } = detail;
    const available = availableActions(order);
    if (action.pending && !available.includes(action.pending) && !action.busy) action.pending = null;
    let controls;
    if (action.pending) {
      const spec = ACTIONS[action.pending];
      controls = html`<div class="confirm" role="group" aria-label="Confirm ${spec.label}">
        <p>${spec.question(order)}</p>
        <label for="action-reason">Why <span class="muted">(optional, kept in the audit trail)</span></label>
        <input id="action-reason" type="text" data-testid="action-reason" maxlength="500" ${action.busy ? 'disabled' : ''}>
        <div class="button-row">
          <button type="button" class="btn ${action.pending === 'cancel' ? 'btn-danger' : 'btn-primary'}" data-testid="action-confirm" ${action.busy ? 'disabled' : ''}>${action.busy ? spec.busy : spec.confirm}</button>
          <button type="button" class="btn" data-act="dismiss" ${action.busy ? 'disabled' : ''}>Back</button>
        </div>
      </div>`;
    } else if (available.length > 0) {
      controls = html`<div class="button-row">
        ${available.includes('retry') ? html`<button type="button" class="btn btn-primary" data-testid="action-retry" data-act="retry">Retry</button>` : ''}
        ${available.includes('cancel') ? html`<button type="button" class="btn btn-danger-outline" data-testid="action-cancel" data-act="cancel">Cancel order</button>` : ''}
      </div>`;
    } else {
      controls = html`<p class="muted small">No operator actions: the order is ${order.status}.</p>`;
    }
    setHtml(actionsBox, html`${controls}
      ${action.error ? html`<p class="alert alert-error" data-testid="action-error" role="alert">${action.error}</p>` : ''}
      ${action.notice ? html`<p class="alert alert-success" data-testid="action-notice" role="status">${action.notice}</p>` : ''}`);
  }

  function render() {
    title.textContent = orderId ?? '';
    renderActions();
    if (detail) setHtml(bodyBox, body(detail));
    else if (loadError) setHtml(bodyBox, html`<p class="alert alert-error" role="alert">${loadError}</p>`);
    else setHtml(bodyBox, html`<p class="muted">Loading order…</p>`);
  }

  async function fetchDetail() {
    const id = orderId;
    const mine = ++sequence;
    try {
      const answer = await api.getOrder(id);
      if (mine !== sequence || id !== orderId) return true;
      detail = answer;
      fetchedAt = Date.now();
      loadError = null;
      render();
      onOrderChanged(answer.order, { fromAction: false });
      return true;
    } catch (failure) {
      if (mine !== sequence || id !== orderId || isSessionEnded(failure)) return false;
      if (!detail || failure.status === 404) {
        detail = null;
        loadError = errorNotice(failure.status === 404 ? `Order ${id} was not found.` : `Could not load the order: ${failure.message}`, failure);
      }
      render();
      return false;
    }
  }

  async function runAction(kind) {
    const spec = ACTIONS[kind];
    const reason = actionsBox.querySelector('[data-testid=action-reason]')?.value.trim() ?? '';
    const id = orderId;
    action = { pending: kind, busy: true, error: null, notice: null };
    renderActions();
    try {
      const order = await spec.run(id, reason.length >= 3 ? reason : undefined);
      if (id !== orderId) return;
      sequence += 1; // an in-flight refresh may predate the action
      detail = { ...detail, order };
      action = { pending: null, busy: false, error: null, notice: spec.done };
      render();
      onOrderChanged(order, { fromAction: true });
      void fetchDetail();
    } catch (failure) {
      if (id !== orderId || isSessionEnded(failure)) return;
      action = { pending: null, busy: false, error: errorNotice(failure.message, failure), notice: null };
      renderActions();
      if (failure.status === 409) void fetchDetail(); // the order moved on: show where it is now
    }
  }

  actionsBox.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button || button.disabled || !detail) return;
    if (button.dataset.testid === 'action-confirm') {
      void runAction(action.pending);
      return;
    }
    const act = button.dataset.act;
    if (act === 'dismiss') {
      action = { ...action, pending: null };
      renderActions();
      actionsBox.querySelector('[data-act]')?.focus();
    } else if (act === 'cancel' || act === 'retry') {
      action = { pending: act, busy: false, error: null, notice: null };
      renderActions();
      actionsBox.querySelector('[data-testid=action-confirm]')?.focus();
    }
  });

  function close() {
    if (orderId === null) return;
    orderId = null;
    detail = null;
    sequence += 1;
    panel.hidden = true;
    document.body.classList.remove('detail-open');
    onClose();
  }

  panel.querySelector('[data-testid=detail-close]').addEventListener('click', close);
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || orderId === null) return;
    if (action.pending && !action.busy) {
      action = { ...action, pending: null };
      renderActions();
    } else {
      close();
    }
  });

  return {
    open(id) {
      if (id !== orderId) {
        orderId = id;
        detail = null;
        loadError = null;
        action = { pending: null, busy: false, error: null, notice: null };
      }
      panel.hidden = false;
      document.body.classList.add('detail-open');
      render();
      title.focus({ preventScroll: true });
      return fetchDetail();
    },
    /** Auto-refresh: reloads the open order (the action area keeps its confirm/error state). */
    refresh() {
      if (orderId === null || action.busy || action.pending) return Promise.resolve(true); // never under a confirmation being typed
      // An ended order changes only by an operator's action: re-read at most every ENDED_REFRESH_MS, not on every live event.
      if (detail?.order && TERMINAL.has(detail.order.status) && Date.now() - fetchedAt < ENDED_REFRESH_MS) return Promise.resolve(true);
      return fetchDetail();
    },
    close,
    reset() {
      close();
      setHtml(actionsBox, '');
      setHtml(bodyBox, '');
    },
  };
}
