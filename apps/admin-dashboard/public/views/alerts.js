/**
 * The banners above every view, from the overview's metrics (pushed live, and every 15 s even when
 * nothing moves): an outside provider failing (its circuit open in some worker: the payment
 * provider, the mail server), sagas stuck (their step dispatched longer ago than the API's
 * STUCK_ALERT_AFTER_MS and not taken back by a recovery sweep), and FAILED orders waiting for an
 * operator (from the maintained counters), with a link to them.
 */
import { html, setHtml } from '../html.js';
import { durationText, numberText } from '../format.js';
import { routeHash } from '../router.js';

const PROVIDER_LABEL = { payment: 'The payment provider', mail: 'The mail server' };

const plural = (n, one, many) => `${numberText(n)} ${n === 1 ? one : many}`;

/** One line per provider whose circuit is open somewhere; empty when all are closed. */
function providerLines(providers) {
  return Object.entries(providers ?? {})
    .filter(([, circuit]) => circuit?.state === 'open')
    .map(([name, circuit]) => {
      const workers = Number(circuit.openInstances) || 0;
      return html`<p data-provider="${name}"><strong>${PROVIDER_LABEL[name] ?? name} is failing</strong>: ${workers} worker${workers === 1 ? ' has' : 's have'} stopped calling it for a while (circuit open). Its steps wait and retry on their own; orders still failing when their retry window ends need an operator.</p>`;
    });
}

function stuckLine(stuck) {
  const count = Number(stuck?.count) || 0;
  if (count === 0) return [];
  const howMany = `${stuck.capped ? 'More than ' : ''}${plural(count, 'saga is', 'sagas are')}`;
  return [html`<p><strong>${howMany} stuck</strong>: ${count === 1 ? 'its' : 'their'} step was sent more than ${durationText(stuck.afterMs)} ago and nothing has taken ${count === 1 ? 'it' : 'them'} back. The workers' recovery sweep re-sends such steps: check that workers are running (<a href="${routeHash({ view: 'overview' })}">live workers</a>) and reading the database.</p>`];
}

function operatorLine(failed) {
  const count = Number(failed) || 0;
  if (count === 0) return [];
  return [html`<p><strong>${plural(count, 'order needs', 'orders need')} an operator</strong>: ${count === 1 ? 'it' : 'they'} ended FAILED and wait${count === 1 ? 's' : ''} for a retry or a cancel. <a data-testid="operator-banner-link" href="${routeHash({ view: 'orders', params: { status: 'FAILED' } })}">Show the FAILED orders</a></p>`];
}

export function createAlerts(root) {
  const banners = {
    provider: root.querySelector('[data-testid=provider-banner]'),
    stuck: root.querySelector('[data-testid=stuck-banner]'),
    operator: root.querySelector('[data-testid=operator-banner]'),
  };
  const show = (banner, lines) => {
    setHtml(banner, lines);
    banner.hidden = lines.length === 0;
  };
  const render = (metrics) => {
    show(banners.provider, providerLines(metrics?.providers));
    show(banners.stuck, stuckLine(metrics?.stuck));
    show(banners.operator, operatorLine(metrics?.ordersByStatus?.FAILED));
  };
  return { render, reset: () => render(null) };
}
