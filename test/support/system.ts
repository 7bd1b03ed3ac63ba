/**
 * The whole system as real processes on real servers for end-to-end, chaos and browser tests:
 * the sandbox, the order API and N processes of each worker, in a database and queue prefix of
 * their own. Plus the probes the tests check invariants with.
 */
import assert from 'node:assert/strict';
import { COLLECTION } from '@app/dal';
import { addOperator, APP, createTestEnvironment, freePort, startApp, startSandboxProcess, waitFor, type AppName, type AppProcess, type TestEnvironment } from '@app/testing';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';
/** How long an app may take to print its ready line: generous, since a loaded machine boots Node slowly. */
const READY_TIMEOUT_MS = 90_000;

export interface SystemOptions {
  readonly label: string;
  readonly workers: { readonly inventory: number; readonly payment: number; readonly notification: number };
  readonly env?: Record<string, string>;
  /** A Redis of the test's own instead of the shared one. */
  readonly redisUrl?: string;
  /** REDIS_CLUSTER_NODES of a Redis Cluster of the test's own (the queue prefix is then hash-tagged). */
  readonly redisClusterNodes?: string;
  /** How long each process may take to be ready (default 90 s; tracing on loads the OpenTelemetry SDK, which takes seconds more). */
  readonly startTimeoutMs?: number;
  /** How long the sandbox holds `tok_timeout` answers (1.2 s by default). */
  readonly sandboxSlowResponseMs?: number;
}

/** One entry of the sandbox's observer ledger: an authorization (or charge) of an order. */
export interface LedgerCharge {
  readonly id: string;
  readonly orderId: string;
  readonly status: 'succeeded' | 'failed' | 'pending';
  readonly amount: number;
  readonly captured: boolean;
  readonly amountCaptured: number;
  readonly amountRefunded: number;
  /** Refunded in full, or (with `captured: false`) the authorization was voided or expired. */
  readonly refunded: boolean;
}

/** Money an entry moved: captured minus refunded (an authorization moves none). */
export function moneyMoved(entry: LedgerCharge): number {
  return entry.captured ? entry.amountCaptured - entry.amountRefunded : 0;
}

/** An authorization that still holds the customer's funds. */
export function holdsFunds(entry: LedgerCharge): boolean {
  return entry.status === 'succeeded' && !entry.captured && !entry.refunded;
}

export interface MailMessage {
  readonly orderId: string | null;
  readonly type: string | null;
  readonly deliveries: number;
}

export interface OrderDoc {
  readonly _id: string;
  readonly items: { sku: string; quantity: number }[];
  readonly payment: { amount?: number; status: string; token: string };
  readonly saga: { status: string; reason: string | null; step?: string | null };
  readonly createdAt?: Date;
  readonly history: readonly { step: string; outcome: string; attempt: number; at: Date; error?: string }[];
}

/**
 * `fetch` for requests that are safe to repeat (reads, setting a fault mode), tried up to three
 * times on a network error: on a busy machine a kept-alive socket the server has just closed
 * makes a request fail before it was sent ("fetch failed"), which says nothing about the system.
 */
async function fetchRepeatable(url: string, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

export class System {
  readonly processes: AppProcess[] = [];
  apiUrl = '';
  sandboxUrl = '';
  private workerEnv: Record<string, string> = {};

  private constructor(readonly env: TestEnvironment) {}

  static async start(options: SystemOptions): Promise<System> {
    const servers = { ...(options.redisUrl !== undefined ? { redisUrl: options.redisUrl } : {}), ...(options.redisClusterNodes !== undefined ? { redisClusterNodes: options.redisClusterNodes } : {}) };
    const system = new System(await createTestEnvironment(options.label, servers));
    try {
      await system.boot(options);
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  private async boot(options: SystemOptions): Promise<void> {
    const apiPort = await freePort();
    this.apiUrl = `http://127.0.0.1:${apiPort}`;
    const sandbox = await startSandboxProcess(options.sandboxSlowResponseMs, READY_TIMEOUT_MS);
    this.sandboxUrl = sandbox.httpUrl;
    this.processes.push(sandbox.process);
    const shared = this.env.appEnv({
      PAYMENT_PROVIDER_URL: sandbox.httpUrl,
      SMTP_URL: sandbox.smtpUrl,
      PAYMENT_TIMEOUT_MS: '500',
      RETRY_DELAY_MS: '100',
      LOCK_RETRY_DELAY_MS: '20',
      LOCK_TTL_MS: '5000',
      WORKER_CONCURRENCY: '4',
      RECOVERY_INTERVAL_MS: '1000',
      STUCK_AFTER_MS: '4000',
      ...options.env,
    });
    this.workerEnv = shared;
    const timeoutMs = options.startTimeoutMs ?? READY_TIMEOUT_MS;
    const starts: Promise<AppProcess>[] = [startApp(APP.ORDER_API, { RATE_LIMIT_PER_MINUTE: '0', ...shared, API_PORT: String(apiPort), API_HOST: '127.0.0.1', ADMIN_TOKEN }, timeoutMs)];
    for (let i = 0; i < options.workers.inventory; i += 1) starts.push(startApp(APP.INVENTORY_WORKER, shared, timeoutMs));
    for (let i = 0; i < options.workers.payment; i += 1) starts.push(startApp(APP.PAYMENT_WORKER, shared, timeoutMs));
    for (let i = 0; i < options.workers.notification; i += 1) starts.push(startApp(APP.NOTIFICATION_WORKER, shared, timeoutMs));
    this.processes.push(...(await Promise.all(starts)));
  }

  /** Starts one more worker process (e.g. to replace a killed one), with `env` over the system's. */
  async startWorker(name: AppName, env: Record<string, string> = {}): Promise<AppProcess> {
    const started = await startApp(name, { ...this.workerEnv, ...env }, READY_TIMEOUT_MS);
    this.processes.push(started);
    return started;
  }

  workers(name: AppName): AppProcess[] {
    return this.processes.filter((process) => process.name === name && process.child.exitCode === null && process.child.signalCode === null);
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.stop()));
    await this.env.cleanup();
  }

  /** Adds a console operator through the real CLI (`npm run operator -- add`); its password. */
  addOperator(name: string): Promise<string> {
    return addOperator(this.env.appEnv(), name);
  }

  adminFetch(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.apiUrl}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) } });
  }

  async setStock(sku: string, available: number, unitPrice = 1000): Promise<void> {
    const response = await this.adminFetch(`/admin/inventory/${sku}`, { method: 'PUT', body: JSON.stringify({ available, unitPrice }) });
    assert.equal(response.status, 200);
  }

  /** The access token of each order placed through placeOrder (the key to read or cancel it). */
  private readonly accessTokens = new Map<string, string>();

  async placeOrder(body: unknown, idempotencyKey?: string): Promise<string> {
    // With an Idempotency-Key a repeat is the same order, so a network error of this client is tried again.
    const send = idempotencyKey !== undefined ? fetchRepeatable : fetch;
    const response = await send(`${this.apiUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(idempotencyKey !== undefined ? { 'idempotency-key': idempotencyKey } : {}) },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 202, await response.clone().text());
    const { orderId, accessToken } = (await response.json()) as { orderId: string; accessToken: string };
    this.accessTokens.set(orderId, accessToken);
    return orderId;
  }

  cancel(orderId: string): Promise<Response> {
    return fetchRepeatable(`${this.apiUrl}/orders/${orderId}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${this.accessTokens.get(orderId) ?? ''}` } });
  }

  orders(): Promise<OrderDoc[]> {
    return this.env.db.collection<OrderDoc>(COLLECTION.ORDERS).find({}).toArray();
  }

  async stock(): Promise<Map<string, { available: number; reserved: number; sold: number }>> {
    const items = await this.env.db.collection<{ _id: string; available: number; reserved: number; sold: number }>(COLLECTION.INVENTORY).find({}).toArray();
    return new Map(items.map((item) => [item._id, { available: item.available, reserved: item.reserved, sold: item.sold }]));
  }

  async ledger(): Promise<LedgerCharge[]> {
    const charges: LedgerCharge[] = [];
    for (const order of await this.orders()) {
      const response = await fetchRepeatable(`${this.sandboxUrl}/v1/charges?orderId=${order._id}`, { headers: { authorization: 'Bearer sk_test_sandbox' } });
      charges.push(...((await response.json()) as { data: LedgerCharge[] }).data);
    }
    return charges;
  }

  /** The sandbox's fault controls: make the payment provider or the mail server fail on purpose (`ok` heals). */
  async setFaults(faults: { payments?: 'ok' | 'unavailable' | 'hang'; mail?: 'ok' | 'unavailable' }): Promise<void> {
    const response = await fetchRepeatable(`${this.sandboxUrl}/sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk_test_sandbox' }, body: JSON.stringify(faults) });
    assert.equal(response.status, 200, await response.clone().text());
  }

  async health(): Promise<{ status: string; providers: Record<string, { state: string; openInstances: number }> }> {
    const response = await fetchRepeatable(`${this.apiUrl}/health`);
    assert.equal(response.status, 200, 'a provider outage never makes the API unhealthy');
    return (await response.json()) as { status: string; providers: Record<string, { state: string; openInstances: number }> };
  }

  async mailbox(): Promise<MailMessage[]> {
    const response = await fetchRepeatable(`${this.sandboxUrl}/mail/messages`);
    return ((await response.json()) as { data: MailMessage[] }).data;
  }

  /** Waits until every order is terminal (COMPLETED, CANCELLED or FAILED). */
  async waitForQuiescence(timeoutMs: number): Promise<OrderDoc[]> {
    const collection = this.env.db.collection<OrderDoc>(COLLECTION.ORDERS);
    const open = { 'saga.status': { $nin: ['COMPLETED', 'CANCELLED', 'FAILED'] } };
    try {
      await waitFor(async () => ((await collection.countDocuments(open)) === 0 ? true : undefined), timeoutMs, 'every order to reach a terminal state', 500);
    } catch (error) {
      // Slow or stuck? Say where the open orders stand, and how the oldest got there.
      const stuck = await collection.find(open).sort({ createdAt: 1 }).toArray();
      const byStep: Record<string, number> = {};
      for (const order of stuck) byStep[`${order.saga.status}/${String(order.saga.step)}`] = (byStep[`${order.saga.status}/${String(order.saga.step)}`] ?? 0) + 1;
      const oldest = stuck.slice(0, 3).map((order) => ({ id: order._id, createdAt: order.createdAt, history: order.history.slice(-4) }));
      throw new Error(`${error instanceof Error ? error.message : String(error)}: ${stuck.length} open ${JSON.stringify(byStep)}; oldest ${JSON.stringify(oldest)}`, { cause: error });
    }
    return this.orders();
  }
}
