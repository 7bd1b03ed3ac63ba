/**
 * Hash routes, so that every view and filter has a URL an operator can share:
 *   #/overview
 *   #/orders?status=FAILED&sku=SKU-1&sort=oldest   (the filter, as GET /admin/orders takes it)
 *   #/orders/<orderId>?…                           (the same list with the order's detail open)
 *   #/inventory, #/inventory/<sku>                 (the SKU's stock, holds and lock)
 *   #/locks                                        (live item locks, busy SKUs)
 *   #/trends?range=6h                              (15m, 1h, 6h or 24h)
 *   #/audit
 * Anything else is the overview.
 */
export const VIEWS = ['overview', 'orders', 'inventory', 'locks', 'trends', 'audit'];

export function parseRoute(hash = location.hash) {
  const text = hash.replace(/^#\/?/, '');
  const mark = text.indexOf('?');
  const path = mark === -1 ? text : text.slice(0, mark);
  const params = new URLSearchParams(mark === -1 ? '' : text.slice(mark + 1));
  const [first = '', second] = path.split('/');
  const view = VIEWS.includes(first) ? first : 'overview';
  let id = null;
  try {
    id = second ? decodeURIComponent(second) : null;
  } catch {
    id = null;
  }
  return { view, id: view === 'overview' ? null : id, params };
}

export function routeHash({ view, id = null, params = null }) {
  const query = params ? new URLSearchParams(params).toString() : '';
  return `#/${view}${id ? `/${encodeURIComponent(id)}` : ''}${query ? `?${query}` : ''}`;
}

export function navigate(route) {
  const hash = routeHash(route);
  if (location.hash !== hash) location.hash = hash;
}
