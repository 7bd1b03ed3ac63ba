/**
 * Inventory: every SKU with its stock; a form to create a SKU or set its stock (PUT
 * /admin/inventory/:sku — when it edits a SKU read from the table it sends the version it read as
 * If-Match, so a set computed from figures that orders have moved since is refused, not applied);
 * and a form to adjust stock by a delta (POST /admin/inventory/:sku/adjust). At `#/inventory/<sku>`
 * it also shows who holds the SKU (its lock, the orders holding its stock: see sku-holds.js).
 */
import { api, isSessionEnded } from '../api.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { money, numberText } from '../format.js';
import { createSkuHolds } from './sku-holds.js';

const CURRENCY = 'USD'; // the order API prices every order in USD; inventory prices carry no currency
const FIELD_LABEL = { sku: 'SKU', available: 'Available', unitPrice: 'Unit price', reason: 'Why', delta: 'Units to add', 'If-Match': 'Version' };

function row(item, highlight) {
  const out = item.available === 0;
  return html`<tr data-testid="inventory-row" data-sku="${item.sku}" class="${item.sku === highlight ? 'is-highlighted' : ''}">
    <th scope="row" class="mono">${item.sku}</th>
    <td class="num">${numberText(item.available)}${out ? html` <span class="badge tone-red">out</span>` : ''}</td>
    <td class="num">${numberText(item.reserved)}</td>
    <td class="num">${numberText(item.sold)}</td>
    <td class="num nowrap">${money(item.unitPrice, CURRENCY)}</td>
    <td class="actions-cell"><button type="button" class="btn btn-small" data-edit="${item.sku}" aria-label="Edit stock of ${item.sku}">Edit</button></td>
  </tr>`;
}

/** "" stays undefined; anything else becomes a Number (NaN for junk) so the API can judge it. */
function numberField(input) {
  const raw = input.value.trim();
  if (raw === '') return input.validity?.badInput ? Number.NaN : undefined;
  return Number(raw);
}

/**
 * Field errors of one form: `fields` (`{ path, message }`, the message a rule such as "must be an
 * integer from 0 to 1000000000") under their inputs and all of them in the summary box, with
 * `lead` above them.
 */
function fieldErrors(form, inputs, box) {
  function clear() {
    box.hidden = true;
    box.textContent = '';
    for (const [name, input] of Object.entries(inputs)) {
      input.removeAttribute('aria-invalid');
      const slot = form.querySelector(`[data-field-error="${name}"]`);
      slot.hidden = true;
      slot.textContent = '';
    }
  }
  function show(lead, fields) {
    const lines = [];
    for (const { path, message } of fields) {
      const text = `${FIELD_LABEL[path] ?? path} ${message.replace(/\.$/, '')}.`;
      lines.push(html`<li>${text}</li>`);
      const slot = form.querySelector(`[data-field-error="${CSS.escape(path)}"]`);
      if (slot) {
        slot.textContent = text;
        slot.hidden = false;
        inputs[path]?.setAttribute('aria-invalid', 'true');
      }
    }
    setHtml(box, html`<p>${lead}</p>${lines.length ? html`<ul>${lines}</ul>` : ''}`);
    box.hidden = false;
    const firstBad = Object.entries(inputs).find(([name]) => fields.some((f) => f.path === name));
    firstBad?.[1].focus();
  }
  return { clear, show };
}

export function createInventory(root) {
  const tbody = root.querySelector('[data-role=rows]');
  const summary = root.querySelector('[data-role=summary]');
  const error = root.querySelector('[data-role=error]');
  const form = root.querySelector('[data-testid=stock-form]');
  const inputs = {
    sku: form.querySelector('[data-testid=stock-sku]'),
    available: form.querySelector('[data-testid=stock-available]'),
    unitPrice: form.querySelector('[data-testid=stock-price]'),
    reason: form.querySelector('[data-testid=stock-reason]'),
  };
  const priceHint = form.querySelector('[data-role=price-hint]');
  const formError = form.querySelector('[data-testid=stock-error]');
  const formSuccess = form.querySelector('[data-testid=stock-success]');
  const submit = form.querySelector('[data-testid=stock-submit]');
  const defaultHint = priceHint.textContent;
  const ordersLink = root.querySelector('[data-role=sku-orders]');
  const holds = createSkuHolds(root.querySelector('[data-testid=sku-holds]'));
  let items = null;
  let highlight = null;
  let saving = false;
  /** The SKU the form was filled from (Edit) and the version read then: sent as If-Match. */
  let editing = null;

  function render() {
    if (items === null) setHtml(tbody, html`<tr class="empty-row"><td colspan="6">Loading inventory…</td></tr>`);
    else if (items.length === 0) setHtml(tbody, html`<tr class="empty-row"><td colspan="6">No SKUs yet. Create one with the form.</td></tr>`);
    else setHtml(tbody, items.map((item) => row(item, highlight)));
    summary.textContent = items ? `${items.length} SKU${items.length === 1 ? '' : 's'}` : '';
  }

  const stockErrors = fieldErrors(form, inputs, formError);
  const clearErrors = stockErrors.clear;
  const showErrors = stockErrors.show;

  async function refresh() {
    try {
      const answer = await api.listInventory();
      items = [...answer].sort((a, b) => String(a.sku).localeCompare(String(b.sku)));
      error.hidden = true;
      render();
      return root.hidden ? true : await holds.refresh();
    } catch (failure) {
      if (isSessionEnded(failure)) return false;
      setHtml(error, errorNotice(`Could not load inventory: ${failure.message}`, failure));
      error.hidden = false;
      render();
      return false;
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (saving) return;
    clearErrors();
    formSuccess.hidden = true;
    const sku = inputs.sku.value.trim();
    const available = numberField(inputs.available);
    const unitPrice = numberField(inputs.unitPrice);
    const local = [];
    if (sku === '') local.push({ path: 'sku', message: 'is required' });
    if (available === undefined) local.push({ path: 'available', message: 'is required' });
    if (Number.isNaN(available)) local.push({ path: 'available', message: 'must be a whole number' });
    if (Number.isNaN(unitPrice)) local.push({ path: 'unitPrice', message: 'must be a whole number of cents' });
    if (local.length > 0) return showErrors('Check the highlighted fields.', local);

    saving = true;
    submit.disabled = true;
    submit.textContent = 'Saving…';
    try {
      const reason = inputs.reason.value.trim();
      const version = editing?.sku === sku ? editing.version : undefined;
      const item = await api.setStock(sku, { available, ...(unitPrice === undefined ? {} : { unitPrice }), ...(reason === '' ? {} : { reason }) }, version);
      editing = { sku: item.sku, version: item.version };
      highlight = item.sku;
      formSuccess.textContent = `Saved ${item.sku}: ${item.available} available at ${money(item.unitPrice, CURRENCY)}.`;
      formSuccess.hidden = false;
      await refresh();
    } catch (failure) {
      if (isSessionEnded(failure)) return;
      if (failure.code === 'STOCK_VERSION_MISMATCH') return staleSet(sku, failure);
      const fields = failure.fields ?? [];
      showErrors(errorNotice(fields.length > 0 ? 'The API refused these values:' : `Could not save: ${failure.message}`, failure), fields);
    } finally {
      saving = false;
      submit.disabled = false;
      submit.textContent = 'Save stock';
    }
  });

  /** The stock moved since the operator read it: show where it stands now; the next save uses this version. */
  async function staleSet(sku, failure) {
    await refresh();
    const now = items?.find((item) => item.sku === sku);
    editing = now ? { sku, version: now.version } : null;
    const where = now ? ` (now ${numberText(now.available)} available, ${numberText(now.reserved)} reserved)` : '';
    showErrors(errorNotice(`Not saved: the stock of ${sku} changed since you opened it${where}. Check the quantity and save again.`, failure), []);
  }

  const adjustForm = root.querySelector('[data-testid=adjust-form]');
  const adjustInputs = {
    sku: adjustForm.querySelector('[data-testid=adjust-sku]'),
    delta: adjustForm.querySelector('[data-testid=adjust-delta]'),
    reason: adjustForm.querySelector('[data-testid=adjust-reason]'),
  };
  const adjustErrors = fieldErrors(adjustForm, adjustInputs, adjustForm.querySelector('[data-testid=adjust-error]'));
  const adjustSuccess = adjustForm.querySelector('[data-testid=adjust-success]');
  const adjustSubmit = adjustForm.querySelector('[data-testid=adjust-submit]');
  let adjusting = false;

  adjustForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (adjusting) return;
    adjustErrors.clear();
    adjustSuccess.hidden = true;
    const sku = adjustInputs.sku.value.trim();
    const delta = numberField(adjustInputs.delta);
    const reason = adjustInputs.reason.value.trim();
    const local = [];
    if (sku === '') local.push({ path: 'sku', message: 'is required' });
    if (delta === undefined || Number.isNaN(delta)) local.push({ path: 'delta', message: 'must be a whole number (negative to remove)' });
    if (reason === '') local.push({ path: 'reason', message: 'is required' });
    if (local.length > 0) return adjustErrors.show('Check the highlighted fields.', local);
    adjusting = true;
    adjustSubmit.disabled = true;
    try {
      const item = await api.adjustStock(sku, { delta, reason });
      highlight = item.sku;
      adjustSuccess.textContent = `Adjusted ${item.sku} by ${delta > 0 ? '+' : ''}${numberText(delta)}: ${numberText(item.available)} available.`;
      adjustSuccess.hidden = false;
      adjustInputs.delta.value = '';
      await refresh();
    } catch (failure) {
      if (isSessionEnded(failure)) return;
      const fields = failure.fields ?? [];
      adjustErrors.show(errorNotice(fields.length > 0 ? 'The API refused these values:' : `Not adjusted: ${failure.message}`, failure), fields);
    } finally {
      adjusting = false;
      adjustSubmit.disabled = false;
    }
  });

  inputs.unitPrice.addEventListener('input', () => {
    const cents = numberField(inputs.unitPrice);
    priceHint.textContent = Number.isInteger(cents) && cents >= 0 ? `= ${money(cents, CURRENCY)}` : defaultHint;
  });

  function edit(sku) {
    const item = items?.find((i) => i.sku === sku);
    if (!item) return false;
    clearErrors();
    formSuccess.hidden = true;
    inputs.sku.value = item.sku;
    adjustInputs.sku.value = item.sku;
    editing = { sku: item.sku, version: item.version };
    inputs.available.value = String(item.available);
    inputs.unitPrice.value = String(item.unitPrice);
    inputs.unitPrice.dispatchEvent(new Event('input'));
    inputs.available.focus();
    inputs.available.select?.();
    return true;
  }

  tbody.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-edit]');
    if (button) navigateToSku(button.dataset.edit);
  });

  let focused = null;
  function navigateToSku(sku) {
    location.hash = `#/inventory/${encodeURIComponent(sku)}`;
  }

  render();

  return {
    refresh,
    /** `#/inventory/<sku>`: highlights the SKU, fills the form with it, links to its orders, shows who holds it. */
    async focus(sku) {
      focused = sku;
      highlight = sku;
      setHtml(ordersLink, sku ? html`<a href="#/orders?sku=${encodeURIComponent(sku)}" data-testid="sku-orders-link">Orders with ${sku}</a>` : '');
      void holds.show(sku);
      if (items === null) await refresh();
      render();
      if (sku && focused === sku) edit(sku);
    },
    reset() {
      items = null;
      highlight = null;
      error.hidden = true;
      form.reset();
      adjustForm.reset();
      editing = null;
      priceHint.textContent = defaultHint;
      clearErrors();
      formSuccess.hidden = true;
      void holds.show(null);
      render();
    },
  };
}
