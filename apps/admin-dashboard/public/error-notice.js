/**
 * How an API error reads in a notice: the sentence, the error's `code`, and its request ID (the
 * answer's `requestId`), which an operator can quote to find the API's log lines.
 */
import { html } from './html.js';

export function errorNotice(text, failure) {
  const code = failure?.code && failure.code !== 'NETWORK_ERROR' ? html` <span class="error-code">(${failure.code})</span>` : '';
  const requestId = failure?.requestId ? html`<span class="request-id">Request ID <code data-testid="request-id">${failure.requestId}</code></span>` : '';
  return html`${text}${code}${requestId}`;
}
