/** Inventory: every SKU with its stock, and a form to create a SKU or set its stock (PUT /admin/inventory/:sku). */
import { api, isSessionEnded } from '../api.js';
import { errorNotice } from '../error-notice.js';
import { html, setHtml } from '../html.js';
import { money, numberText } from '../format.js';

const CURRENCY = 'USD'; // the order API prices every order in USD; inventory prices carry no currency
const FIELD_LABEL = { sku: 'SKU', available: 'Available', unitPrice: 'Unit price', reason: 'Why' };

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
  let items = null;
  let highlight = null;
  let saving = false;

  function render() {
    if (items === null) setHtml(tbody, html`<tr class="empty-row"><td colspan="6">Loading inventory…</td></tr>`);
    else if (items.length === 0) setHtml(tbody, html`<tr class="empty-row"><td colspan="6">No SKUs yet. Create one with the form.</td></tr>`);
    else setHtml(tbody, items.map((item) => row(item, highlight)));
    summary.textContent = items ? `${items.length} SKU${items.length === 1 ? '' : 's'}` : '';
  }

  function clearErrors() {
    formError.hidden = true;
    formError.textContent = '';
    for (const [name, input] of Object.entries(inputs)) {
      input.removeAttribute('aria-invalid');
      const slot = form.querySelector(`[data-field-error="${name}"]`);
      slot.hidden = true;
      slot.textContent = '';
    }
  }

  /**
   * Shows `fields` (`{ path, message }`, the message a rule such as "must be an integer from 0 to
   * 1000000000") under their inputs and all of them in the summary (stock-error), with `lead`
   * above them.
   */
  function showErrors(lead, fields) {
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
    setHtml(formError, html`<p>${lead}</p>${lines.length ? html`<ul>${lines}</ul>` : ''}`);
    formError.hidden = false;
    const firstBad = Object.entries(inputs).find(([name]) => fields.some((f) => f.path === name));
    firstBad?.[1].focus();
  }

  async function refresh() {
    try {
      const answer = await api.listInventory();
      items = [...answer].sort((a, b) => String(a.sku).localeCompare(String(b.sku)));
      error.hidden = true;
      render();
      return true;
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
      const item = await api.setStock(sku, { available, ...(unitPrice === undefined ? {} : { unitPrice }), ...(reason === '' ? {} : { reason }) });
      highlight = item.sku;
      formSuccess.textContent = `Saved ${item.sku}: ${item.available} available at ${money(item.unitPrice, CURRENCY)}.`;
      formSuccess.hidden = false;
      await refresh();
    } catch (failure) {
      if (isSessionEnded(failure)) return;
      const fields = failure.fields ?? [];
      showErrors(errorNotice(fields.length > 0 ? 'The API refused these values:' : `Could not save: ${failure.message}`, failure), fields);
    } finally {
      saving = false;
      submit.disabled = false;
      submit.textContent = 'Save stock';
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
    /** `#/inventory/<sku>`: highlights the SKU, fills the form with it, links to its orders. */
    async focus(sku) {
      focused = sku;
      highlight = sku;
      setHtml(ordersLink, sku ? html`<a href="#/orders?sku=${encodeURIComponent(sku)}" data-testid="sku-orders-link">Orders with ${sku}</a>` : '');
      if (items === null) await refresh();
      render();
      if (sku && focused === sku) edit(sku);
    },
    reset() {
      items = null;
      highlight = null;
      error.hidden = true;
      form.reset();
      priceHint.textContent = defaultHint;
      clearErrors();
      formSuccess.hidden = true;
      render();
    },
  };
}
