/**
 * Locks: the item locks held now (SKU, owner, expires in, the SKU's fence) and the SKUs whose
 * stock steps waited most for another worker (busy re-queues, a top 10 over the API's window).
 * Each SKU links to its inventory view (its holds and lock). A lock lives for one stock pass, so
 * the view re-reads both every REFRESH_MS while it is shown and the tab visible: two cheap,
 * index-backed reads (GET /admin/locks, GET /admin/locks/busy), not pushed by the live stream.
 */
import { api, isSessionEnded } from '../api.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { durationText, numberText, skuLink, timeTag } from '../format.js';

const REFRESH_MS = 2_500;
const BUSY_SHOWN = 10;

function lockRows(locks) {
  if (!locks) return html`<tr class="empty-row"><td colspan="5">Loading…</td></tr>`;
  if (locks.length === 0) return html`<tr class="empty-row"><td colspan="5">No item is locked right now.</td></tr>`;
  return locks.map((lock) => html`<tr data-testid="lock-row" data-sku="${lock.sku}" data-owner="${lock.owner}">
    <th scope="row">${skuLink(lock.sku)}</th>
    <td class="mono small">${lock.owner}</td>
    <td class="num" data-testid="lock-expires-in">${durationText(lock.expiresInMs)}</td>
    <td class="small">${timeTag(lock.acquiredAt)}</td>
    <td class="small">${lock.fence === null ? html`<span class="muted">no such SKU</span>` : html`#${numberText(lock.fence)}${lock.fenceOwner ? html` <span class="mono">${lock.fenceOwner}</span>` : ''}`}</td>
  </tr>`);
}

function busyRows(busy) {
  if (!busy) return html`<tr class="empty-row"><td colspan="2">Loading…</td></tr>`;
  if (busy.skus.length === 0) return html`<tr class="empty-row"><td colspan="2">No stock step waited for a lock in the last ${busy.windowMinutes} minutes.</td></tr>`;
  return busy.skus.map((entry) => html`<tr data-testid="busy-row" data-sku="${entry.sku}" data-count="${entry.busyRequeues}">
    <th scope="row">${skuLink(entry.sku)}</th>
    <td class="num">${numberText(entry.busyRequeues)}</td>
  </tr>`);
}

export function createLocks(root) {
  const error = root.querySelector('[data-role=error]');
  const locksBody = root.querySelector('[data-role=locks]');
  const busyBody = root.querySelector('[data-role=busy]');
  const busyWindow = root.querySelector('[data-role=busy-window]');
  let timer = null;
  let sequence = 0;

  async function refresh() {
    const mine = ++sequence;
    try {
      const [locks, busy] = await Promise.all([api.locks(), api.busySkus(BUSY_SHOWN)]);
      if (mine !== sequence) return true;
      setHtml(locksBody, lockRows(locks));
      setHtml(busyBody, busyRows(busy));
      busyWindow.textContent = `· last ${busy.windowMinutes} minutes`;
      error.hidden = true;
      return true;
    } catch (failure) {
      if (isSessionEnded(failure) || mine !== sequence) return false;
      setHtml(error, errorNotice(`Could not load locks: ${failure.message}`, failure));
      error.hidden = false;
      return false;
    }
  }

  function stop() {
    clearInterval(timer);
    timer = null;
  }

  function reset() {
    stop();
    sequence += 1;
    error.hidden = true;
    setHtml(locksBody, lockRows(null));
    setHtml(busyBody, busyRows(null));
  }

  reset();

  return {
    /** Shown: read now, then every REFRESH_MS while the tab is visible; hidden: stop reading. */
    show(visible) {
      if (!visible) return stop();
      if (timer !== null) return undefined;
      void refresh();
      timer = setInterval(() => {
        if (!document.hidden && !root.hidden) void refresh();
      }, REFRESH_MS);
      return undefined;
    },
    refresh,
    reset,
  };
}
