/**
 * Safe HTML building. `html` is a tagged template that escapes every interpolated value unless it
 * is itself the result of `html` (or an array of them). Interpolate only into element text or into
 * quoted attribute values; never into URLs, event handlers or <script>.
 */
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

class SafeHtml {
  constructor(value) {
    this.value = value;
  }

  toString() {
    return this.value;
  }
}

function render(value) {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new SafeHtml(out);
}

const lastMarkup = new WeakMap();

/** Replaces an element's content; skips the DOM write when nothing changed (keeps focus and scroll). */
export function setHtml(element, content) {
  const markup = render(content);
  if (lastMarkup.get(element) === markup) return false;
  element.innerHTML = markup;
  lastMarkup.set(element, markup);
  return true;
}
