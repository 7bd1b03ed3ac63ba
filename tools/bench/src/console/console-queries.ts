/**
 * What an operator waits for, timed against the stored orders before the load starts: the
 * maintained counters are rebuilt first (`POST /admin/maintenance/recount`, as after a bulk
 * import such as `--preload`), then each of the console's reads is sent REPEAT times in a row
 * and its median and slowest answer kept — the overview, the live workers, a page of the newest
 * orders, a page filtered by status and by reason, the count of "all orders matching", and the
 * searches by order-id prefix, customer, email, SKU (the oldest order's) and time range. Timed end to end over HTTP
 * from this process (the console's own `fetch` adds the same), one request at a time.
 */
import { AdminClient } from './admin-client';

const REPEAT = 7;
const PAGE = '50';

export interface ConsoleQueryTiming {
  readonly name: string;
  readonly path: string;
  readonly medianMs: number;
  readonly maxMs: number;
  /** Rows answered (a list), the count (a count), or null. */
  readonly size: number | null;
}

export interface ConsoleQueryFigures {
  readonly recountMs: number;
  readonly queries: readonly ConsoleQueryTiming[];
}

interface Row {
  readonly orderId: string;
  readonly customerId?: string;
  readonly email?: string;
  readonly items?: readonly { readonly sku: string }[];
  readonly createdAt: string;
}

export async function timeConsoleQueries(apiUrl: string, token: string): Promise<ConsoleQueryFigures> {
  const client = new AdminClient(apiUrl, token);
  const started = performance.now();
  await client.json('POST', '/admin/maintenance/recount');
  const recountMs = performance.now() - started;
  const [sample] = await client.json<Row[]>('GET', '/admin/orders', { limit: '1', sort: 'oldest' });
  const day = { from: new Date(Date.now() - 6 * 3_600_000).toISOString(), to: new Date(Date.now() - 5 * 3_600_000).toISOString() };
  const reads: [string, string, Record<string, string>][] = [
    ['overview', '/admin/metrics', {}],
    ['live workers', '/admin/workers', {}],
    ['newest orders', '/admin/orders', { limit: PAGE }],
    ['status COMPLETED', '/admin/orders', { status: 'COMPLETED', limit: PAGE }],
    ['status FAILED', '/admin/orders', { status: 'FAILED', limit: PAGE }],
    ['reason PAYMENT_DECLINED', '/admin/orders', { reason: 'PAYMENT_DECLINED', limit: PAGE }],
    ['count COMPLETED (capped)', '/admin/orders/count', { status: 'COMPLETED' }],
    ['one hour, a day ago', '/admin/orders', { ...day, limit: PAGE }],
    ...(sample === undefined
      ? []
      : ([
          ['SKU', '/admin/orders', { sku: sample.items?.[0]?.sku ?? '', limit: PAGE }],
          ['order-id prefix', '/admin/orders', { orderId: sample.orderId.slice(0, 10), limit: PAGE }],
          ['customer', '/admin/orders', { customerId: sample.customerId ?? '', limit: PAGE }],
          ['email', '/admin/orders', { email: sample.email ?? '', limit: PAGE }],
          ['one order', `/admin/orders/${encodeURIComponent(sample.orderId)}`, {}],
        ] satisfies [string, string, Record<string, string>][])),
  ];
  const queries: ConsoleQueryTiming[] = [];
  for (const [name, path, query] of reads) queries.push(await timeRead(client, name, path, query));
  return { recountMs, queries };
}

async function timeRead(client: AdminClient, name: string, path: string, query: Record<string, string>): Promise<ConsoleQueryTiming> {
  const times: number[] = [];
  let answer: unknown = null;
  for (let i = 0; i < REPEAT; i += 1) {
    const started = performance.now();
    answer = await client.json('GET', path, query);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const search = new URLSearchParams(query).toString();
  return { name, path: search === '' ? path : `${path}?${search}`, medianMs: times[Math.floor(times.length / 2)] ?? 0, maxMs: times.at(-1) ?? 0, size: sizeOf(answer) };
}

function sizeOf(answer: unknown): number | null {
  if (Array.isArray(answer)) return answer.length;
  if (typeof answer === 'object' && answer !== null && 'count' in answer && typeof answer.count === 'number') return answer.count;
  return null;
}
