/**
 * The payment provider through Stripe's API (PaymentIntents with manual capture; the sandbox
 * speaks the same subset, so using a Stripe test account is a matter of PAYMENT_PROVIDER_URL
 * and PAYMENT_API_KEY):
 *  - authorize: `POST /v1/payment_intents` with `capture_method=manual`, `confirm=true`, the
 *    order's payment token as `payment_method` (a PaymentMethod id from Stripe.js, or a test one
 *    such as `pm_card_visa`), the order id in `metadata[order_id]`, under the order's
 *    Idempotency-Key;
 *  - capture: `POST /v1/payment_intents/:id/capture`;
 *  - void: the authorize request replayed (same key and parameters: Stripe answers with the
 *    PaymentIntent it made, or 409 while the first request is still in progress, or, if the
 *    first request never arrived, makes the hold now, which is then voided), then Stripe's own
 *    search (`metadata['order_id']:'<id>'`, eventually consistent, so only a second look), then
 *    `POST /v1/payment_intents/:id/cancel` for each one still holding funds.
 * Bodies are form-encoded (Stripe reads no JSON); answers are JSON. Each call is bounded by
 * PAYMENT_TIMEOUT_MS and goes through the `payment` circuit breaker; network errors, timeouts,
 * 429 and 5xx count against it, and with 409 they are `ProviderUnavailableError`; a 402
 * `card_error` is a decline; any other 4xx is `PaymentRejectedError`.
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import { OUTSIDE_PROVIDER } from '@app/contracts';
import { PROVIDER_ERROR_KIND, ProviderUnavailableError, type ProviderErrorKind } from '@app/domain';
import type { CircuitBreaker } from '@app/resilience';
import { ProviderCircuits, WORKER_CONFIG } from '@app/saga';
import { PaymentRejectedError } from '../payment-rejected.error';
import type { AuthorizationRequest, AuthorizationResult, CaptureResult, PaymentProvider, VoidSummary } from '../payment-provider.port';
import { FormHttpClient, type HttpAnswer } from './form-http.client';

interface PaymentIntent {
  readonly id: string;
  readonly status: string;
}

interface StripeErrorBody {
  readonly error?: { readonly type?: string; readonly code?: string; readonly message?: string; readonly payment_intent?: PaymentIntent };
}

const PROVIDER = OUTSIDE_PROVIDER.PAYMENT;
/** At least this many sockets to the provider, more when the worker runs more jobs at once. */
const MIN_SOCKETS = 64;
/** Statuses of a PaymentIntent that Stripe lets us cancel (none of them has moved money). */
const CANCELLABLE: ReadonlySet<string> = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture', 'processing']);

/** A request that got no answer: the client's timeout, or a connection that failed. */
function failureKind(error: unknown): ProviderErrorKind {
  return error instanceof Error && error.message.startsWith('timeout') ? PROVIDER_ERROR_KIND.TIMEOUT : PROVIDER_ERROR_KIND.NETWORK;
}

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The JSON body as an object to read fields from (`{}` for anything else). */
function fields<T>(answer: HttpAnswer): Partial<T> {
  return typeof answer.body === 'object' && answer.body !== null ? answer.body : {};
}

function errorOf(answer: HttpAnswer): NonNullable<StripeErrorBody['error']> {
  return fields<StripeErrorBody>(answer).error ?? {};
}

function isPaymentIntent(value: unknown): value is PaymentIntent {
  return typeof value === 'object' && value !== null && typeof (value as PaymentIntent).id === 'string' && typeof (value as PaymentIntent).status === 'string';
}

/** The authorization's parameters: the same on every attempt and on the replay before a void. */
export function authorizationForm(request: AuthorizationRequest): Record<string, string> {
  return {
    amount: String(request.amount),
    currency: request.currency,
    capture_method: 'manual',
    confirm: 'true',
    payment_method: request.token,
    'metadata[order_id]': request.orderId,
    description: `order ${request.orderId}`,
  };
}

/** Stripe's search query for an order's PaymentIntents (single quotes escaped as its query language wants). */
export function orderSearchQuery(orderId: string): string {
  return `metadata['order_id']:'${orderId.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

@Injectable()
export class StripePaymentProvider implements PaymentProvider, OnApplicationShutdown {
  private readonly http: FormHttpClient;
  private readonly circuit: CircuitBreaker;

  constructor(@Inject(WORKER_CONFIG) config: WorkerConfig, circuits: ProviderCircuits) {
    this.http = new FormHttpClient(config.payment.url, {
      timeoutMs: config.payment.timeoutMs,
      maxSockets: Math.max(MIN_SOCKETS, config.concurrency),
      headers: { authorization: `Bearer ${config.payment.apiKey}` },
    });
    this.circuit = circuits.for(PROVIDER);
  }

  async authorize(request: AuthorizationRequest): Promise<AuthorizationResult> {
    const answer = await this.call('POST', '/v1/payment_intents', request.idempotencyKey, authorizationForm(request));
    if (isOk(answer.status)) {
      const intent = answer.body;
      if (!isPaymentIntent(intent)) throw new ProviderUnavailableError(PROVIDER, `authorization answered ${answer.status} without a PaymentIntent`, { kind: PROVIDER_ERROR_KIND.BAD_ANSWER });
      // Manual capture: `requires_capture` is a hold. Anything else (e.g. `requires_action`, a card that needs the customer) holds nothing.
      if (intent.status === 'requires_capture') return { kind: 'AUTHORIZED', paymentIntentId: intent.id };
      return { kind: 'DECLINED', message: `the authorization ended ${intent.status}` };
    }
    const error = errorOf(answer);
    if (answer.status === 402 && error.type === 'card_error') return { kind: 'DECLINED', message: error.message ?? 'card declined' };
    throw rejected('authorization', answer);
  }

  async capture(paymentIntentId: string, idempotencyKey: string): Promise<CaptureResult> {
    const answer = await this.call('POST', `/v1/payment_intents/${encodeURIComponent(paymentIntentId)}/capture`, idempotencyKey, {});
    if (isOk(answer.status)) {
      const intent = answer.body;
      if (isPaymentIntent(intent) && intent.status === 'succeeded') return { kind: 'CAPTURED' };
      throw new ProviderUnavailableError(PROVIDER, `capture of ${paymentIntentId} answered ${answer.status} with status ${isPaymentIntent(intent) ? intent.status : 'none'}`, {
        kind: PROVIDER_ERROR_KIND.BAD_ANSWER,
      });
    }
    const error = errorOf(answer);
    if (error.code === 'payment_intent_unexpected_state' && error.payment_intent !== undefined) {
      // Captured already (e.g. the first capture's answer was lost and its key has expired).
      if (error.payment_intent.status === 'succeeded') return { kind: 'CAPTURED' };
      return { kind: 'NOT_CAPTURABLE', message: error.message ?? `the PaymentIntent is ${error.payment_intent.status}` };
    }
    throw rejected(`capture of ${paymentIntentId}`, answer);
  }

  async voidOrder(authorization: AuthorizationRequest): Promise<VoidSummary> {
    const candidates = new Map<string, PaymentIntent>();
    const replay = await this.call('POST', '/v1/payment_intents', authorization.idempotencyKey, authorizationForm(authorization));
    // A decline or a refusal replayed: that request holds nothing.
    if (isOk(replay.status) && isPaymentIntent(replay.body)) candidates.set(replay.body.id, replay.body);
    const search = await this.call('GET', `/v1/payment_intents/search?query=${encodeURIComponent(orderSearchQuery(authorization.orderId))}&limit=100`);
    if (!isOk(search.status)) throw rejected('search', search);
    const { data } = fields<{ data: unknown[] }>(search);
    for (const intent of Array.isArray(data) ? data : []) if (isPaymentIntent(intent)) candidates.set(intent.id, intent);

    const voided: string[] = [];
    // A replayed answer shows the status the PaymentIntent had then: cancel anything that may hold funds, and read the answer.
    for (const intent of candidates.values()) {
      if (!CANCELLABLE.has(intent.status) && intent.status !== 'canceled') throw capturedOnVoid(intent);
      if (intent.status === 'canceled') continue;
      if (await this.cancel(intent.id)) voided.push(intent.id);
    }
    return { voided };
  }

  onApplicationShutdown(): void {
    this.http.close();
  }

  /** True when this call cancelled it; false when it was cancelled already. */
  private async cancel(paymentIntentId: string): Promise<boolean> {
    const answer = await this.call('POST', `/v1/payment_intents/${encodeURIComponent(paymentIntentId)}/cancel`, `void-${paymentIntentId}`, { cancellation_reason: 'abandoned' });
    if (isOk(answer.status)) return true;
    const error = errorOf(answer);
    if (error.code === 'payment_intent_unexpected_state' && error.payment_intent !== undefined) {
      if (error.payment_intent.status === 'canceled') return false;
      throw capturedOnVoid(error.payment_intent);
    }
    throw rejected(`cancel of ${paymentIntentId}`, answer);
  }

  /** Every call is safe to repeat: a GET, or a POST with its idempotency key. */
  private async call(method: 'GET' | 'POST', path: string, idempotencyKey?: string, form?: Record<string, string>): Promise<HttpAnswer> {
    const answer = await this.circuit.run(async () => {
      let answer: HttpAnswer;
      try {
        answer = await this.http.request({ method, path, repeatable: true, ...(form !== undefined ? { form } : {}), ...(idempotencyKey !== undefined ? { headers: { 'idempotency-key': idempotencyKey } } : {}) });
      } catch (error) {
        throw new ProviderUnavailableError(PROVIDER, `${method} ${path} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error, kind: failureKind(error) });
      }
      if (answer.status >= 500 || answer.status === 429) throw new ProviderUnavailableError(PROVIDER, `${method} ${path} answered ${answer.status}: ${errorOf(answer).message ?? 'no message'}`, {
          kind: answer.status === 429 ? PROVIDER_ERROR_KIND.RATE_LIMITED : PROVIDER_ERROR_KIND.SERVER_ERROR,
        });
      return answer;
    });
    // The same key is still being processed (e.g. an authorization that has not landed yet): the provider is up, wait for it.
    if (answer.status === 409) throw new ProviderUnavailableError(PROVIDER, `${method} ${path} answered 409: ${errorOf(answer).message ?? 'in progress'}`, { kind: PROVIDER_ERROR_KIND.IN_PROGRESS });
    return answer;
  }
}

function rejected(what: string, answer: HttpAnswer): PaymentRejectedError {
  const error = errorOf(answer);
  return new PaymentRejectedError(`${what} refused (${answer.status} ${error.code ?? error.type ?? 'error'}): ${error.message ?? 'no message'}`);
}

/** Money moved on an order being cancelled: never expected before the pivot, so an operator must look. */
function capturedOnVoid(intent: PaymentIntent): Error {
  return new Error(`PaymentIntent ${intent.id} is ${intent.status}: it cannot be voided, an operator must refund it`);
}
