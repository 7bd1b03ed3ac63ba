/**
 * A Stripe-style HTTP payment provider (the sandbox speaks this API): `POST /v1/charges` and
 * `POST /v1/refunds` with an `Idempotency-Key` header, `GET /v1/charges?orderId=` to find an
 * order's charges. Each call is bounded by PAYMENT_TIMEOUT_MS; a timeout is ambiguous (the
 * provider may have charged), so it surfaces as PaymentUnavailableError and the step is retried
 * with the same key, which returns the charge that was made rather than making another.
 *
 * Calls go through `JsonHttpClient` (keep-alive sockets, at least 64 or WORKER_CONCURRENCY of
 * them, so a job never waits behind the others for one); anything that is not a complete JSON
 * answer, and any 2xx charge without an id, is PaymentUnavailableError as well.
 */
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import { PaymentUnavailableError } from '../payment-unavailable.error';
import type { ChargeRequest, ChargeResult, PaymentProvider, RefundSummary } from '../payment-provider.port';
import { WORKER_CONFIG } from '@app/saga';
import { JsonHttpClient, type JsonResponse } from './json-http.client';

interface ProviderCharge {
  readonly id: string;
  readonly status: string;
  readonly amount: number;
  readonly amountRefunded: number;
}

interface ProviderError {
  readonly error?: { readonly type?: string; readonly message?: string; readonly charge?: string };
}

/** At least this many sockets to the provider, more when the worker runs more jobs at once. */
const MIN_SOCKETS = 64;

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The JSON body as an object to read fields from (`{}` for anything else). */
function fields<T>(response: JsonResponse): Partial<T> {
  return typeof response.body === 'object' && response.body !== null ? response.body : {};
}

@Injectable()
export class HttpPaymentProvider implements PaymentProvider, OnApplicationShutdown {
  private readonly http: JsonHttpClient;

  constructor(@Inject(WORKER_CONFIG) config: WorkerConfig) {
    this.http = new JsonHttpClient(config.payment.url, {
      timeoutMs: config.payment.timeoutMs,
      maxSockets: Math.max(MIN_SOCKETS, config.concurrency),
      headers: { authorization: `Bearer ${config.payment.apiKey}` },
    });
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const response = await this.call('POST', '/v1/charges', request.idempotencyKey, {
      amount: request.amount,
      currency: request.currency,
      source: request.token,
      orderId: request.orderId,
      description: `order ${request.orderId}`,
    });
    const body = fields<ProviderCharge & ProviderError>(response);
    if (isOk(response.status)) {
      if (typeof body.id !== 'string') throw new PaymentUnavailableError(`charge answered ${response.status} without a charge id`);
      return { kind: 'CHARGED', chargeId: body.id };
    }
    if (response.status === 402 && body.error?.type === 'card_error') {
      return { kind: 'DECLINED', message: body.error.message ?? 'card declined', ...(body.error.charge !== undefined ? { chargeId: body.error.charge } : {}) };
    }
    throw new PaymentUnavailableError(`charge answered ${response.status}: ${body.error?.message ?? 'no message'}`);
  }

  async refundOrder(orderId: string): Promise<RefundSummary> {
    const listed = await this.call('GET', `/v1/charges?orderId=${encodeURIComponent(orderId)}`);
    if (!isOk(listed.status)) throw new PaymentUnavailableError(`charge lookup answered ${listed.status}`);
    const { data } = fields<{ data: ProviderCharge[] }>(listed);
    if (!Array.isArray(data)) throw new PaymentUnavailableError(`charge lookup answered ${listed.status} without a list`);
    const refunded: string[] = [];
    for (const charge of data.filter((candidate) => candidate.status === 'succeeded')) {
      refunded.push(charge.id);
      if (charge.amountRefunded >= charge.amount) continue;
      const response = await this.call('POST', '/v1/refunds', `refund-${charge.id}`, { charge: charge.id });
      if (!isOk(response.status)) {
        throw new PaymentUnavailableError(`refund of ${charge.id} answered ${response.status}: ${fields<ProviderError>(response).error?.message ?? 'no message'}`);
      }
    }
    return { refundedCharges: refunded };
  }

  onApplicationShutdown(): void {
    this.http.close();
  }

  /** Every call is safe to repeat: a GET, or a POST with its idempotency key. */
  private async call(method: 'GET' | 'POST', path: string, idempotencyKey?: string, body?: unknown): Promise<JsonResponse> {
    try {
      return await this.http.request({ method, path, body, repeatable: true, ...(idempotencyKey !== undefined ? { headers: { 'idempotency-key': idempotencyKey } } : {}) });
    } catch (error) {
      throw new PaymentUnavailableError(`${method} ${path} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}
