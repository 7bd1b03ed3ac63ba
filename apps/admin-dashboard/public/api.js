/**
 * The admin API client: same-origin `fetch` with the operator's session cookie (HTTP-only, set by
 * `POST /admin/session`; this code never sees it) and, on every request that changes something,
 * the session's CSRF token in `X-CSRF-Token`. The token and the operator's name are kept in
 * memory only; a reloaded page asks `GET /admin/session` for them again. A 401 from any call ends
 * the session through the handler registered with `session.onUnauthorized` and rejects with
 * `SessionEndedError`, which views ignore (the sign-in form takes over).
 */
const SAFE_METHODS = ['GET', 'HEAD'];
let current = null; // { operator, csrfToken, expiresAt } while signed in
let epoch = 0; // bumped on sign-in/out: answers to older requests are discarded
let unauthorizedHandler = () => {};

/**
 * An error answer `{ statusCode, code, message, fields?, requestId }` (`fields`: one
 * `{ path, message }` per wrong field), or a network failure (status 0, no request ID).
 */
export class ApiError extends Error {
  constructor(status, body, requestIdHeader = null) {
    const message = typeof body?.message === 'string' && body.message !== '' ? body.message : `Request failed (HTTP ${status})`;
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof body?.code === 'string' ? body.code : null;
    this.fields = Array.isArray(body?.fields) ? body.fields.filter((field) => typeof field?.path === 'string' && typeof field?.message === 'string') : [];
    this.requestId = typeof body?.requestId === 'string' ? body.requestId : requestIdHeader;
  }
}

/** The session ended (401, or signed out while the request ran); already handled globally. */
export class SessionEndedError extends Error {
  constructor() {
    super('The admin session ended');
    this.name = 'SessionEndedError';
  }
}

export const isSessionEnded = (error) => error instanceof SessionEndedError;

export const session = {
  /** The signed-in operator's name, or null. */
  get operator() {
    return current?.operator ?? null;
  },
  /** Signs in with a name and password; rejects with ApiError (401 wrong name or password, 429 too many failures). */
  async signIn(name, password) {
    const view = await send('POST', '/admin/session', { body: { name, password } });
    epoch += 1;
    current = view;
    return view;
  },
  /** Picks up the session of this browser (after a reload); false when there is none. */
  async restore() {
    try {
      current = await send('GET', '/admin/session');
      epoch += 1;
      return true;
    } catch (failure) {
      if (failure.status === 401) return false;
      throw failure;
    }
  },
  /** Ends the session on the server (best effort) and forgets it here. */
  async signOut() {
    const ending = current;
    epoch += 1;
    current = null;
    if (ending === null) return;
    try {
      await send('DELETE', '/admin/session', { csrfToken: ending.csrfToken });
    } catch {
      /* the cookie is HTTP-only: if the API did not answer, the session simply expires */
    }
  },
  /** Forgets the session here only (the API already said it ended). */
  forget() {
    epoch += 1;
    current = null;
  },
  onUnauthorized(handler) {
    unauthorizedHandler = handler;
  },
};

function queryString(query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

async function readBody(response) {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return { message: `Unexpected answer from the API (HTTP ${response.status})` };
  }
}

/** One same-origin call, answering the parsed body or rejecting with ApiError (no session handling). */
async function send(method, path, { query, body, csrfToken, headers: extra } = {}) {
  const headers = { Accept: 'application/json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (csrfToken && !SAFE_METHODS.includes(method)) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path + queryString(query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK_ERROR', message: 'Cannot reach the order API. Is it running?' });
  }
  const payload = await readBody(response);
  if (!response.ok) throw new ApiError(response.status, payload, response.headers.get('X-Request-Id'));
  return payload;
}

/** A call of a signed-in page: answers to a past session are dropped, and a 401 ends the session. */
async function request(method, path, options = {}) {
  if (current === null) throw new SessionEndedError();
  const started = epoch;
  let payload;
  try {
    payload = await send(method, path, { ...options, csrfToken: current.csrfToken });
  } catch (failure) {
    if (started !== epoch) throw new SessionEndedError();
    if (failure.status === 401) {
      session.forget();
      unauthorizedHandler(failure.message);
      throw new SessionEndedError();
    }
    throw failure;
  }
  if (started !== epoch) throw new SessionEndedError();
  return payload;
}

const orderPath = (orderId) => `/admin/orders/${encodeURIComponent(orderId)}`;

/**
 * Reads `GET /admin/events` (Server-Sent Events) with `fetch`, calling `onEvent(name, data)` per
 * event until the stream ends (resolves) or fails (rejects like `request`). Read with `fetch`
 * (with the session cookie, like every call) so that a 401 is seen and ends the session.
 */
async function streamEvents(onEvent, signal) {
  if (current === null) throw new SessionEndedError();
  const started = epoch;
  let response;
  try {
    response = await fetch('/admin/events', { headers: { Accept: 'text/event-stream' }, cache: 'no-store', credentials: 'same-origin', signal });
  } catch {
    if (started !== epoch || signal?.aborted) throw new SessionEndedError();
    throw new ApiError(0, { code: 'NETWORK_ERROR', message: 'Cannot reach the order API. Is it running?' });
  }
  if (started !== epoch) throw new SessionEndedError();
  if (response.status === 401) {
    session.forget();
    unauthorizedHandler();
    throw new SessionEndedError();
  }
  if (!response.ok || response.body === null) throw new ApiError(response.status, await readBody(response), response.headers.get('X-Request-Id'));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done || started !== epoch) return;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length > 0) onEvent(name, JSON.parse(data.join('\n')));
      }
    }
  } catch (failure) {
    if (signal?.aborted || started !== epoch) return;
    throw failure instanceof ApiError ? failure : new ApiError(0, { code: 'NETWORK_ERROR', message: 'The live connection to the order API broke.' });
  }
}

export const api = {
  metrics: () => request('GET', '/admin/metrics'),
  events: streamEvents,
  /** `query`: the filter (status, reason, orderId, customerId, email, sku, from, to), sort, limit, before/beforeId, after/afterId, ids. */
  listOrders: (query) => request('GET', '/admin/orders', { query }),
  countOrders: (filter) => request('GET', '/admin/orders/count', { query: filter }),
  getOrder: (orderId) => request('GET', orderPath(orderId)),
  cancelOrder: (orderId, reason) => request('POST', `${orderPath(orderId)}/cancel`, reason ? { body: { reason } } : {}),
  retryOrder: (orderId, reason) => request('POST', `${orderPath(orderId)}/retry`, reason ? { body: { reason } } : {}),
  /** `{ action: 'retry'|'cancel', ids?: [...], filter?: {...}, reason }` → 202 the bulk action. */
  startBulk: (body) => request('POST', '/admin/orders/bulk', { body }),
  getBulk: (bulkId) => request('GET', `/admin/bulk/${encodeURIComponent(bulkId)}`),
  audit: (before) => request('GET', '/admin/audit', { query: { before } }),
  /** `{ workers: [...], unattended: [{ queue, waiting }] }`: live worker processes, queues nobody consumes. */
  workers: () => request('GET', '/admin/workers'),
  /** `{ from?, to? }` (ISO) → per-minute series: `{ times, ordersByStatus, latencyMs: { p50, p95, p99 }, failuresByReason, providerErrors, stepSeconds }`. */
  trends: (query) => request('GET', '/admin/trends', { query }),
  listInventory: () => request('GET', '/admin/inventory'),
  /** `[{ sku, owner, expiresInMs, acquiredAt, fence, fenceOwner }]`: item locks held now, soonest to expire first. */
  locks: () => request('GET', '/admin/locks'),
  /** `{ windowMinutes, skus: [{ sku, busyRequeues }] }`: the SKUs whose steps waited most for another worker. */
  busySkus: (limit) => request('GET', '/admin/locks/busy', { query: { limit } }),
  /** `{ sku, holdCount, holds: [{ orderId, quantity, status, step, createdAt }], lock, fence, fenceOwner }`. */
  skuHolds: (sku) => request('GET', `/admin/inventory/${encodeURIComponent(sku)}/holds`),
  /** `version`: the one the operator read; the API refuses the set (412) if the stock moved since. */
  setStock: (sku, body, version) => request('PUT', `/admin/inventory/${encodeURIComponent(sku)}`, { body, ...(version === undefined ? {} : { headers: { 'If-Match': `"${version}"` } }) }),
  /** `{ delta, reason }`: adds (negative: removes) units, never below 0 (409 STOCK_WOULD_GO_NEGATIVE). */
  adjustStock: (sku, body) => request('POST', `/admin/inventory/${encodeURIComponent(sku)}/adjust`, { body }),
};
