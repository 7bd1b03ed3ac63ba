/**
 * Who holds one SKU, under the inventory table at `#/inventory/<sku>`: its item lock while live
 * (owner, expires in), its fence, and the orders whose reservations hold its stock, each linking
 * to the order (GET /admin/inventory/:sku/holds). Empty when no SKU is focused.
 */
import { api, isSessionEnded } from '../api.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { badge, durationText, numberText, orderLink, timeTag } from '../format.js';

function lockLine(view) {
  const fence = html`Fence #${numberText(view.fence)}${view.fenceOwner ? html` taken by <span class="mono">${view.fenceOwner}</span>` : ''}.`;
  if (!view.lock) return html`<p class="muted small" data-testid="sku-lock" data-owner="">Not locked. ${fence}</p>`;
  return html`<p class="small" data-testid="sku-lock" data-owner="${view.lock.owner}"><strong>Locked</strong> by <span class="mono">${view.lock.owner}</span>, expires in ${durationText(view.lock.expiresInMs)} (acquired ${timeTag(view.lock.acquiredAt)}). ${fence}</p>`;
}

function holdRows(view) {
  if (view.holds.length === 0) return html`<tr class="empty-row"><td colspan="4">No order holds stock of ${view.sku}.</td></tr>`;
  return view.holds.map((hold) => html`<tr data-testid="hold-row" data-order-id="${hold.orderId}">
    <th scope="row">${orderLink(hold.orderId)}</th>
    <td class="num">${numberText(hold.quantity)}</td>
    <td>${badge(hold.status)}${hold.step ? html` <span class="muted small">at ${hold.step}</span>` : ''}</td>
    <td class="small">${timeTag(hold.createdAt)}</td>
  </tr>`);
}

function content(view) {
  const more = view.holdCount > view.holds.length ? html` <span class="muted">(the ${view.holds.length} oldest shown)</span>` : '';
  return html`<h3 class="subhead">Who holds ${view.sku}</h3>
    ${lockLine(view)}
    <p class="small" data-testid="hold-count" data-value="${view.holdCount}">${numberText(view.holdCount)} order${view.holdCount === 1 ? '' : 's'} holding stock${more}</p>
    <div class="table-wrap">
      <table class="table compact" data-testid="sku-holds-table">
        <thead><tr><th scope="col">Order</th><th scope="col" class="num">Held</th><th scope="col">Status</th><th scope="col">Created</th></tr></thead>
        <tbody>${holdRows(view)}</tbody>
      </table>
    </div>`;
}

export function createSkuHolds(box) {
  let sku = null;
  let sequence = 0;

  async function refresh() {
    if (sku === null) return true;
    const mine = ++sequence;
    const asked = sku;
    try {
      const view = await api.skuHolds(asked);
      if (mine === sequence && sku === asked) setHtml(box, content(view));
      return true;
    } catch (failure) {
      if (isSessionEnded(failure) || mine !== sequence) return false;
      setHtml(box, failure.status === 404 ? html`<p class="muted small">${asked} is not a SKU yet.</p>` : html`<p class="alert alert-error">${errorNotice(`Could not load who holds ${asked}: ${failure.message}`, failure)}</p>`);
      return failure.status === 404;
    }
  }

  return {
    refresh,
    /** Shows the holds of `next` (null: none). */
    show(next) {
      if (next === sku) return refresh();
      sku = next;
      sequence += 1;
      setHtml(box, sku === null ? '' : html`<p class="muted small">Loading who holds ${sku}…</p>`);
      box.hidden = sku === null;
      return refresh();
    },
  };
}
