/**
 * Boot: sign-in/out, hash routes (one view at a time), the live connection (Server-Sent Events)
 * with a 3-second polling fallback while it is down, the banners, and the wiring between the views.
 */
import { api, session } from './api.js';
import { clockTime } from './format.js';
import { createLive } from './live.js';
import { navigate, parseRoute, VIEWS } from './router.js';
import { createAlerts } from './views/alerts.js';
import { createAudit } from './views/audit.js';
import { createBulk } from './views/bulk.js';
import { createInventory } from './views/inventory.js';
import { createLocks } from './views/locks.js';
import { createOrderDetail } from './views/order-detail.js';
import { createOrders, filterOf } from './views/orders.js';
import { createOverview } from './views/overview.js';
import { createTrends } from './views/trends.js';

const POLL_MS = 3000;
const $ = (selector) => document.querySelector(selector);

// The detail drawer sits below the sticky top bar, whose height changes when it wraps.
const topbar = $('.topbar');
new ResizeObserver(() => document.documentElement.style.setProperty('--topbar-h', `${topbar.offsetHeight}px`)).observe(topbar);

const loginSection = $('#login');
const loginForm = $('[data-testid=login-form]');
const operatorInput = $('[data-testid=operator-input]');
const passwordInput = $('[data-testid=password-input]');
const signedInAs = $('[data-testid=signed-in-as]');
const loginSubmit = $('[data-testid=login-submit]');
const authError = $('[data-testid=auth-error]');
const main = $('#main');
const lastUpdated = $('[data-testid=last-updated]');
const liveStatus = $('[data-testid=live-status]');
const refreshToggle = $('[data-testid=refresh-toggle]');

let signedIn = false;
let paused = false;
let liveState = 'off';
let timer = null;
let ticking = false;
let lastSuccess = null;
let route = parseRoute();
let openedFromRow = null; // order id whose row button opened the detail, to return focus on close

const orders = createOrders($('#orders'), {
  onOpen: openOrder,
  onFilter: (filter) => navigate({ view: 'orders', params: filter }),
  onSelectionChanged: (selection, filter) => void bulk.selectionChanged(selection, filter),
});
const bulk = createBulk($('[data-testid=bulk-bar]'), {
  filter: () => orders.filter(),
  onDone: () => void orders.reload(),
  onClear: () => orders.clearSelection(),
});
const detail = createOrderDetail($('#order-detail'), {
  onOrderChanged(order, { fromAction }) {
    orders.update(order);
    if (fromAction) void tick();
  },
  onClose() {
    orders.select(null);
    const id = openedFromRow;
    openedFromRow = null;
    if (route.view === 'orders' && route.id !== null) navigate({ view: 'orders', params: route.params });
    [...document.querySelectorAll('button[data-open]')].find((button) => button.dataset.open === id)?.focus();
  },
});
const alerts = createAlerts($('[data-role=banners]'));
const overview = createOverview($('#overview'), {
  onStatusSelect: (status) => navigate({ view: 'orders', params: { status } }),
  alerts,
});
const inventory = createInventory($('#inventory'));
const locks = createLocks($('#locks'));
const audit = createAudit($('#audit'));
const trends = createTrends($('#trends'), { onRange: (range) => navigate({ view: 'trends', params: { range } }) });

function openOrder(orderId) {
  openedFromRow = document.activeElement?.dataset?.open === orderId ? orderId : null;
  navigate({ view: 'orders', id: orderId, params: route.params });
}

// ---- routes -------------------------------------------------------------------------------

function showRoute() {
  route = parseRoute();
  if (!signedIn) return;
  for (const view of VIEWS) {
    $(`#${view}`).hidden = view !== route.view;
    document.querySelector(`[data-nav=${view}]`)?.setAttribute('aria-current', String(view === route.view ? 'page' : false));
  }
  if (route.view === 'orders') {
    void orders.show(filterOf(route.params));
    if (route.id !== null) {
      orders.select(route.id);
      void detail.open(route.id);
    } else detail.close();
  } else {
    detail.close();
  }
  if (route.view === 'audit') void audit.show();
  if (route.view === 'inventory') {
    const sku = route.id;
    void inventory.refresh().then(() => inventory.focus(sku));
  }
  if (route.view === 'trends') void trends.show(route.params);
  locks.show(route.view === 'locks');
}

/** The stock table is re-read only while it is on screen: every SKU, so never for a hidden view. */
function refreshInventory() {
  return route.view === 'inventory' ? inventory.refresh() : Promise.resolve(true);
}

window.addEventListener('hashchange', showRoute);

// ---- live updates and the polling fallback ------------------------------------------------

const live = createLive({
  onState(state) {
    liveState = state;
    liveStatus.dataset.state = state;
    liveStatus.textContent = state === 'live' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : paused ? 'Paused' : 'Off';
    schedule();
  },
  onEvent(name, data) {
    if (paused) return;
    if (data?.overview) overview.render(data.overview);
    else if (name === 'overview') overview.render(data);
    if (name === 'orders') {
      orders.liveChanged();
      void refreshInventory();
      void detail.refresh();
    }
    lastSuccess = new Date();
    showLastUpdated(false);
  },
});

function showLastUpdated(failed) {
  const when = lastSuccess ? `Last updated ${clockTime(lastSuccess)}` : 'Not updated yet';
  lastUpdated.textContent = paused ? `Paused · ${when}` : failed ? `Update failed · ${when}` : when;
  lastUpdated.classList.toggle('is-stale', Boolean(failed));
  if (lastSuccess) lastUpdated.title = lastSuccess.toISOString();
}

/** Polls only while the live connection is down (and not paused, and the tab is visible). */
function schedule() {
  clearTimeout(timer);
  timer = null;
  if (signedIn && !paused && !document.hidden && liveState !== 'live') timer = setTimeout(tick, POLL_MS);
}

async function tick() {
  if (!signedIn || ticking) return;
  ticking = true;
  clearTimeout(timer);
  try {
    const results = await Promise.all([overview.refresh(), refreshInventory(), detail.refresh()]);
    if (!signedIn) return;
    if (liveState !== 'live') orders.liveChanged();
    const ok = results.every(Boolean);
    if (ok) lastSuccess = new Date();
    showLastUpdated(!ok);
  } finally {
    ticking = false;
    schedule();
  }
}

refreshToggle.addEventListener('click', () => {
  paused = !paused;
  refreshToggle.setAttribute('aria-pressed', String(paused));
  refreshToggle.textContent = paused ? 'Resume live updates' : 'Pause live updates';
  showLastUpdated(false);
  if (paused) live.stop();
  else {
    live.start();
    void tick();
  }
});

document.addEventListener('visibilitychange', () => {
  if (!document.hidden && signedIn && !paused) void tick();
  else schedule();
});

// ---- session ------------------------------------------------------------------------------

function setSignedInChrome(visible) {
  for (const element of document.querySelectorAll('[data-signed-in]')) element.hidden = !visible;
}

function showLogin(message) {
  signedIn = false;
  live.stop();
  clearTimeout(timer);
  timer = null;
  lastSuccess = null;
  detail.reset();
  orders.reset();
  overview.reset();
  inventory.reset();
  locks.reset();
  audit.reset();
  trends.reset();
  bulk.reset();
  setSignedInChrome(false);
  main.hidden = true;
  loginSection.hidden = false;
  authError.textContent = message ?? '';
  authError.hidden = !message;
  loginSubmit.disabled = false;
  loginSubmit.textContent = 'Sign in';
  passwordInput.value = '';
  (operatorInput.value === '' ? operatorInput : passwordInput).focus();
}

function showDashboard() {
  signedIn = true;
  loginSection.hidden = true;
  authError.hidden = true;
  signedInAs.textContent = session.operator ?? '';
  setSignedInChrome(true);
  main.hidden = false;
  showLastUpdated(false);
  showRoute();
  if (!paused) live.start();
  void tick();
}

session.onUnauthorized(() => {
  if (signedIn) showLogin('Your session ended (it expired, or you signed out elsewhere). Sign in again.');
});

function showAuthError(message, focus) {
  authError.textContent = message;
  authError.hidden = false;
  focus?.focus();
}

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = operatorInput.value.trim();
  const password = passwordInput.value;
  authError.hidden = true;
  if (name === '') return showAuthError('Enter your operator name.', operatorInput);
  if (password === '') return showAuthError('Enter your password.', passwordInput);
  loginSubmit.disabled = true;
  loginSubmit.textContent = 'Signing in…';
  try {
    await session.signIn(name, password);
    showDashboard();
  } catch (failure) {
    const message =
      failure.status === 401 ? 'Wrong operator name or password.' : failure.status === 0 ? failure.message : `${failure.message}${failure.code ? ` (${failure.code})` : ''}`;
    showAuthError(message, passwordInput);
    passwordInput.value = '';
  } finally {
    loginSubmit.disabled = false;
    loginSubmit.textContent = 'Sign in';
  }
});

$('[data-testid=sign-out]').addEventListener('click', async () => {
  live.stop();
  await session.signOut(); // the session ends on the server before the form shows
  showLogin(null);
});

session
  .restore()
  .then((restored) => (restored ? showDashboard() : showLogin(null)))
  .catch((failure) => showLogin(failure.message));
