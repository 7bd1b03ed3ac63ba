/**
 * A Stripe-style HTTP payment provider (the sandbox speaks this API): `POST /v1/charges` and
 * `POST /v1/refunds` with an `Idempotency-Key` header, `GET /v1/charges?orderId=` to find an
 * order's charges. Each call is bounded by PAYMENT_TIMEOUT_MS; a timeout is ambiguous (the
 * provider may have charged), so it surfaces as PaymentUnavailableError and the step is retried
 * with the same key, which returns the charge that was made rather than making another.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { WorkerConfig } from '@app/config';
import { PaymentUnavailableError } from '../payment-unavailable.error';
import type { ChargeRequest, ChargeResult, PaymentProvider, RefundSummary } from '../payment-provider.port';
import { WORKER_CONFIG } from '@app/saga';

interface ProviderCharge {
  readonly id: string;
  readonly status: string;
  readonly amount: number;
  readonly amountRefunded: number;
}

interface ProviderError {
  readonly error?: { readonly type?: string; readonly message?: string; readonly charge?: string };
}

@Injectable()
export class HttpPaymentProvider implements PaymentProvider {
  constructor(@Inject(WORKER_CONFIG) private readonly config: WorkerConfig) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const response = await this.call('POST', '/v1/charges', request.idempotencyKey, {
      amount: request.amount,
      currency: request.currency,
      source: request.token,
      orderId: request.orderId,
      description: `order ${request.orderId}`,
    });
    const body = (await response.json()) as ProviderCharge & ProviderError;
    if (response.ok) return { kind: 'CHARGED', chargeId: body.id };
    if (response.status === 402 && body.error?.type === 'card_error') {
      return { kind: 'DECLINED', message: body.error.message ?? 'card declined', ...(body.error.charge !== undefined ? { chargeId: body.error.charge } : {}) };
    }
    throw new PaymentUnavailableError(`charge answered ${response.status}: ${body.error?.message ?? 'no message'}`);
  }

  async refundOrder(orderId: string): Promise<RefundSummary> {
    const listed = await this.call('GET', `/v1/charges?orderId=${encodeURIComponent(orderId)}`);
    if (!listed.ok) throw new PaymentUnavailableError(`charge lookup answered ${listed.status}`);
    const { data } = (await listed.json()) as { data: ProviderCharge[] };
    const refunded: string[] = [];
    for (const charge of data.filter((candidate) => candidate.status === 'succeeded')) {
      refunded.push(charge.id);
      if (charge.amountRefunded >= charge.amount) continue;
      const response = await this.call('POST', '/v1/refunds', `refund-${charge.id}`, { charge: charge.id });
      if (!response.ok) {
        const body = (await response.json()) as ProviderError;
        throw new PaymentUnavailableError(`refund of ${charge.id} answered ${response.status}: ${body.error?.message ?? 'no message'}`);
      }
    }
    return { refundedCharges: refunded };
  }

  private async call(method: 'GET' | 'POST', path: string, idempotencyKey?: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.config.payment.apiKey}` };
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(new URL(path, this.config.payment.url), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.payment.timeoutMs),
      });
    } catch (error) {
      throw new PaymentUnavailableError(`${method} ${path} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}
