import { loadSandboxConfig, type SandboxConfig } from '@app/config';
import { encodeStripeForm, type StripeFormValue } from '@app/testing';
import type { ObservedCharge } from '../payments/observer/observed-charge';
import { startSandbox, type RunningSandbox } from '../start-sandbox';

/**
 * Test support (not a spec): starts the sandbox in this process on free ports and talks to it
 * over real HTTP. Every call of `startTestSandbox` gets fresh in-memory state.
 *
 * `postForm` sends a Stripe form body (`metadata[order_id]=x`), as the product's adapter does;
 * `request` can also send a JSON body (the sandbox's own controls) or a raw one.
 */
export const TEST_API_KEY = 'sk_test_spec';

export type FormParams = { readonly [key: string]: StripeFormValue };

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  /** Sent form-encoded, Stripe style. */
  readonly form?: FormParams;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as-is, with `contentType` (default `application/x-www-form-urlencoded`). */
  readonly rawBody?: string;
  readonly contentType?: string;
  readonly idempotencyKey?: string;
  /** `null` sends no `Authorization` header; default is the right key. */
  readonly apiKey?: string | null;
  readonly signal?: AbortSignal;
}

export class TestSandbox {
  constructor(
    readonly running: RunningSandbox,
    readonly config: SandboxConfig,
  ) {}

  get httpUrl(): string {
    return this.running.httpUrl;
  }

  get smtpPort(): number {
    return Number(new URL(this.running.smtpUrl).port);
  }

  async request<T = unknown>(method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    const apiKey = options.apiKey === undefined ? this.config.apiKey : options.apiKey;
    if (apiKey !== null) headers['Authorization'] = `Bearer ${apiKey}`;
    if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
    const [body, contentType] = encodeBody(options);
    if (contentType !== undefined) headers['Content-Type'] = contentType;
    const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body }), ...(options.signal ? { signal: options.signal } : {}) };
    const response = await fetch(`${this.httpUrl}${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  postForm<T = unknown>(path: string, form: FormParams, idempotencyKey?: string, extra: Omit<RequestOptions, 'form' | 'idempotencyKey'> = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, { ...extra, form, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
  }

  /** `POST` a JSON body to a sandbox control (`/sandbox/faults`). */
  postJson<T = unknown>(path: string, json: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, { json, apiKey: null });
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  /** The observer ledger (`GET /v1/charges`), for one order or every entry. */
  async ledger(orderId?: string): Promise<ObservedCharge[]> {
    const query = orderId === undefined ? '' : `?orderId=${encodeURIComponent(orderId)}`;
    return (await this.get<{ data: ObservedCharge[] }>(`/v1/charges${query}`)).body.data;
  }

  close(): Promise<void> {
    return this.running.close();
  }
}

function encodeBody(options: RequestOptions): [string | undefined, string | undefined] {
  if (options.rawBody !== undefined) return [options.rawBody, options.contentType ?? 'application/x-www-form-urlencoded'];
  if (options.json !== undefined) return [JSON.stringify(options.json), 'application/json'];
  if (options.form !== undefined) return [encodeStripeForm(options.form), 'application/x-www-form-urlencoded'];
  return [undefined, undefined];
}

export async function startTestSandbox(overrides: Partial<SandboxConfig> = {}): Promise<TestSandbox> {
  const config: SandboxConfig = {
    ...loadSandboxConfig({
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_HTTP_PORT: '0',
      SANDBOX_SMTP_PORT: '0',
      SANDBOX_SLOW_RESPONSE_MS: '500',
      PAYMENT_API_KEY: TEST_API_KEY,
    }),
    ...overrides,
  };
  return new TestSandbox(await startSandbox(config), config);
}

let counter = 0;
/** A unique string for idempotency keys and order ids within one test file. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** The form of a valid create-and-confirm for `orderId`, with manual capture unless overridden. */
export function paymentIntentForm(orderId: string, token = 'tok_visa', overrides: FormParams = {}): FormParams {
  return {
    amount: 1999,
    currency: 'usd',
    capture_method: 'manual',
    confirm: true,
    payment_method: token,
    metadata: { order_id: orderId },
    ...overrides,
  };
}
