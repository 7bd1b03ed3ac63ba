/** Boot: sign-in, the 3-second auto-refresh loop, and the wiring between the views. */
import { api, isSessionEnded, session } from './api.js';
import { clockTime } from './format.js';
import { createInventory } from './views/inventory.js';
import { createOrderDetail } from './views/order-detail.js';
import { createOrders } from './views/orders.js';
import { createOverview } from './views/overview.js';

const REFRESH_MS = 3000;
const $ = (selector) => document.querySelector(selector);

// The detail drawer sits below the sticky top bar, whose height changes when it wraps.
const topbar = $('.topbar');
new ResizeObserver(() => document.documentElement.style.setProperty('--topbar-h', `${topbar.offsetHeight}px`)).observe(topbar);

const loginSection = $('#login');
const loginForm = $('[data-testid=login-form]');
const tokenInput = $('[data-testid=token-input]');
const loginSubmit = $('[data-testid=login-submit]');
const authError = $('[data-testid=auth-error]');
const main = $('#main');
const lastUpdated = $('[data-testid=last-updated]');
const refreshToggle = $('[data-testid=refresh-toggle]');

let signedIn = false;
let paused = false;
let timer = null;
let ticking = false;
let lastSuccess = null;
let openedFromRow = null; // order id whose row button opened the detail, to return focus on close

const orders = createOrders($('#orders'), { onOpen: openOrder });
const detail = createOrderDetail($('#order-detail'), {
  onOrderChanged(order, { fromAction }) {
    orders.update(order);
    if (fromAction) void tick();
  },
  onClose() {
    orders.select(null);
    const id = openedFromRow;
    openedFromRow = null;
    [...document.querySelectorAll('button[data-open]')].find((button) => button.dataset.open === id)?.focus();
  },
});
const overview = createOverview($('#overview'), {
  onStatusSelect(status) {
    void orders.filterBy(status);
    $('#orders').scrollIntoView({ behavior: 'smooth', block: 'start' });
  },
});
const inventory = createInventory($('#inventory'));

function openOrder(orderId) {
  openedFromRow = document.activeElement?.dataset?.open === orderId ? orderId : null;
  orders.select(orderId);
  void detail.open(orderId);
}

// ---- auto-refresh -------------------------------------------------------------------------

function showLastUpdated(failed) {
  const when = lastSuccess ? `Last updated ${clockTime(lastSuccess)}` : 'Not updated yet';
  lastUpdated.textContent = paused ? `Paused · ${when}` : failed ? `Update failed · ${when}` : when;
  lastUpdated.classList.toggle('is-stale', Boolean(failed));
  if (lastSuccess) lastUpdated.title = lastSuccess.toISOString();
}

function schedule() {
  clearTimeout(timer);
  timer = null;
  if (signedIn && !paused && !document.hidden) timer = setTimeout(tick, REFRESH_MS);
}

async function tick() {
  if (!signedIn || ticking) return;
  ticking = true;
  clearTimeout(timer);
  try {
    const results = await Promise.all([overview.refresh(), inventory.refresh(), detail.refresh()]);
    if (!signedIn) return;
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
  refreshToggle.textContent = paused ? 'Resume auto-refresh' : 'Pause auto-refresh';
  showLastUpdated(false);
  if (paused) schedule();
  else void tick();
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
  clearTimeout(timer);
  timer = null;
  lastSuccess = null;
  detail.reset();
  orders.reset();
  overview.reset();
  inventory.reset();
  setSignedInChrome(false);
  main.hidden = true;
  loginSection.hidden = false;
  authError.textContent = message ?? '';
  authError.hidden = !message;
  loginSubmit.disabled = false;
  loginSubmit.textContent = 'Sign in';
  tokenInput.value = '';
  tokenInput.focus();
}

function showDashboard() {
  signedIn = true;
  loginSection.hidden = true;
  authError.hidden = true;
  setSignedInChrome(true);
  main.hidden = false;
  showLastUpdated(false);
  void orders.load();
  void tick();
}

session.onUnauthorized(() => {
  const wasSignedIn = signedIn;
  showLogin(
    wasSignedIn
      ? 'Your session ended: the API rejected the admin token (401). Sign in again.'
      : 'That token was rejected by the API (401). Check the ADMIN_TOKEN and try again.',
  );
});

loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  authError.hidden = true;
  if (token === '') {
    authError.textContent = 'Enter the admin token.';
    authError.hidden = false;
    tokenInput.focus();
    return;
  }
  if (!/^[\x20-\x7e]+$/.test(token)) {
    authError.textContent = 'The token may only contain printable ASCII characters.';
    authError.hidden = false;
    return;
  }
  loginSubmit.disabled = true;
  loginSubmit.textContent = 'Signing in…';
  session.signIn(token);
  try {
    await api.metrics(); // any answer but 401 means the token was accepted
    showDashboard();
  } catch (failure) {
    if (isSessionEnded(failure)) return; // 401: showLogin already ran
    if (failure.status === 0) {
      session.signOut();
      authError.textContent = failure.message;
      authError.hidden = false;
    } else {
      showDashboard(); // e.g. 503: the token passed the guard; the sections show the error
    }
  } finally {
    loginSubmit.disabled = false;
    loginSubmit.textContent = 'Sign in';
  }
});

$('[data-testid=sign-out]').addEventListener('click', () => {
  session.signOut();
  showLogin(null);
});

if (session.token) showDashboard();
else showLogin(null);
