/** Copy buttons: `<button data-copy="text">`; one delegated listener copies and says so for a moment. */
import { html } from './html.js';

export function copyButton(text, label = 'Copy') {
  return html`<button type="button" class="btn btn-small btn-copy" data-testid="copy-id" data-copy="${text}" aria-label="${label} ${text}" title="Copy ${text}">Copy</button>`;
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (e.g. plain http on another host): select-and-copy fallback.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

document.addEventListener('click', async (event) => {
  const button = event.target.closest('button[data-copy]');
  if (!button) return;
  event.stopPropagation();
  const ok = await copyText(button.dataset.copy);
  button.textContent = ok ? 'Copied' : 'Copy failed';
  button.dataset.copied = String(ok);
  setTimeout(() => {
    button.textContent = 'Copy';
    delete button.dataset.copied;
  }, 1500);
});
