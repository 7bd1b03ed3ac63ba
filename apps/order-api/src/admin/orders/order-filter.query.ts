/**
 * Reads the console's order filter from query parameters (GET /admin/orders, /count) or from a
 * bulk action's `filter` object: the same names, the same rules. Unknown names are refused, so a
 * typo never widens a bulk action to every order. Each wrong field adds one FieldError.
 */
import { ORDER_REASON, ORDER_STATUS, type OrderReason, type OrderStatus } from '@app/contracts';
import type { OrderFilter } from '@app/dal';
import type { FieldError } from '../../http/error-response.schema';
import { SKU_PATTERN, SKU_RULE } from '../../orders/place-order/place-order.dto';

export const STATUSES = Object.values(ORDER_STATUS) as string[];
export const REASONS = Object.values(ORDER_REASON) as string[];
export const FILTER_FIELDS = ['status', 'reason', 'orderId', 'customerId', 'email', 'sku', 'from', 'to'] as const;

/** An order-id prefix must be this long: `ord_` and three hex digits narrow it to about one order in 4,096. */
export const MIN_ID_PREFIX = 7;

const TEXT = /^[\x20-\x7e]{1,254}$/;

export function parseOrderFilter(raw: Record<string, unknown>, fields: FieldError[], prefix = '', allowed: readonly string[] = FILTER_FIELDS): OrderFilter {
  for (const name of Object.keys(raw)) if (!allowed.includes(name)) fields.push({ path: `${prefix}${name}`, message: 'is not a filter of orders' });
  const text = (name: string, rule: (value: string) => boolean, message: string): string | undefined => {
    const value = raw[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'string' && rule(value)) return value;
    fields.push({ path: `${prefix}${name}`, message });
    return undefined;
  };
  const date = (name: string): Date | undefined => {
    const value = text(name, (v) => !Number.isNaN(new Date(v).getTime()), 'must be an ISO date-time');
    return value === undefined ? undefined : new Date(value);
  };
  const status = text('status', (v) => STATUSES.includes(v), `must be one of ${STATUSES.join(', ')}`) as OrderStatus | undefined;
  const reason = text('reason', (v) => REASONS.includes(v), `must be one of ${REASONS.join(', ')}`) as OrderReason | undefined;
  const orderIdPrefix = text('orderId', (v) => /^[A-Za-z0-9_-]+$/.test(v) && v.length >= MIN_ID_PREFIX && v.length <= 64, `must be the start of an order id, ${MIN_ID_PREFIX} to 64 characters (e.g. ord_3fa)`);
  const customerId = text('customerId', (v) => TEXT.test(v), 'must be a customer id');
  const email = text('email', (v) => TEXT.test(v), 'must be an email address');
  const sku = text('sku', (v) => SKU_PATTERN.test(v), SKU_RULE);
  const from = date('from');
  const to = date('to');
  return {
    ...(status !== undefined ? { status } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(orderIdPrefix !== undefined ? { orderIdPrefix } : {}),
    ...(customerId !== undefined ? { customerId } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(sku !== undefined ? { sku } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}
