import { loadSandboxConfig, type SandboxConfig } from '@app/config';
import { startSandbox, type RunningSandbox } from '../start-sandbox';

/**
 * Test support (not a spec): starts the sandbox in this process on free ports and talks to it
 * over real HTTP. Every call of `startTestSandbox` gets fresh in-memory state.
 */
export const TEST_API_KEY = 'sk_test_spec';

export interface ApiResponse<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Raw text body (sent as-is with `Content-Type: application/json`). */
  readonly rawBody?: string;
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
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body }), ...(options.signal ? { signal: options.signal } : {}) };
    const response = await fetch(`${this.httpUrl}${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  post<T = unknown>(path: string, body: unknown, idempotencyKey?: string, extra: Omit<RequestOptions, 'body' | 'idempotencyKey'> = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, { ...extra, body, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  close(): Promise<void> {
    return this.running.close();
  }
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
