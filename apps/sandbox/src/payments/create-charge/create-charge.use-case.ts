import { Inject, Injectable } from '@nestjs/common';
import type { SandboxConfig } from '@app/config';
import { SANDBOX_CONFIG } from '../../common/sandbox-config.token';
import { SANDBOX_ERROR_CODES, SANDBOX_ERROR_TYPES, SandboxError } from '../../common/sandbox.error';
import { validateParams } from '../../common/validate-params';
import { ChargeLedger } from '../charge-ledger.service';
import type { Charge } from '../charge.model';
import { IdempotentRequestRunner, type Execution, type IdempotentResult } from '../idempotent-request.runner';
import { FLAKY_FAILURES, TEST_TOKENS, parseTestToken, type TestToken } from '../test-token';
import { CreateChargeDto } from './create-charge.dto';

/**
 * `POST /v1/charges`: validates the body (400, not saved), then charges under the idempotency
 * key following the test token's behaviour (see `test-token.ts`).
 */
@Injectable()
export class CreateChargeUseCase {
  /** `tok_flaky` attempts per idempotency key. */
  private readonly flakyAttempts = new Map<string, number>();

  constructor(
    private readonly ledger: ChargeLedger,
    private readonly runner: IdempotentRequestRunner,
    @Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig,
  ) {}

  execute(body: unknown, idempotencyKey: string): Promise<IdempotentResult> {
    const params = validateParams(CreateChargeDto, body);
    const token = parseTestToken(params.source);
    return this.runner.run({ key: idempotencyKey, endpoint: 'POST /v1/charges', params: body }, () =>
      this.charge(params, token, idempotencyKey),
    );
  }

  private charge(params: CreateChargeDto, token: TestToken, idempotencyKey: string): Execution {
    switch (token) {
      case TEST_TOKENS.visa:
        return succeeded(this.record(params, idempotencyKey, 'succeeded'));
      case TEST_TOKENS.timeout:
        return { ...succeeded(this.record(params, idempotencyKey, 'succeeded')), delayMs: this.config.slowResponseMs };
      case TEST_TOKENS.flaky:
        return this.flaky(params, idempotencyKey);
      case TEST_TOKENS.decline: {
        const charge = this.record(params, idempotencyKey, 'failed');
        throw new SandboxError('Your card was declined.', {
          status: 402,
          type: SANDBOX_ERROR_TYPES.card,
          code: SANDBOX_ERROR_CODES.cardDeclined,
          details: { decline_code: 'generic_decline', charge: charge.id },
        });
      }
    }
  }

  private flaky(params: CreateChargeDto, idempotencyKey: string): Execution {
    const attempt = (this.flakyAttempts.get(idempotencyKey) ?? 0) + 1;
    if (attempt <= FLAKY_FAILURES) {
      this.flakyAttempts.set(idempotencyKey, attempt);
      throw new SandboxError('The payment provider is temporarily unavailable. Retry with the same Idempotency-Key.', {
        status: 503,
        type: SANDBOX_ERROR_TYPES.api,
        code: SANDBOX_ERROR_CODES.serviceUnavailable,
      });
    }
    this.flakyAttempts.delete(idempotencyKey);
    return succeeded(this.record(params, idempotencyKey, 'succeeded'));
  }

  private record(params: CreateChargeDto, idempotencyKey: string, status: Charge['status']): Charge {
    return this.ledger.record({
      amount: params.amount,
      currency: params.currency,
      source: params.source,
      orderId: params.orderId,
      description: params.description ?? null,
      idempotencyKey,
      status,
      failureCode: status === 'failed' ? SANDBOX_ERROR_CODES.cardDeclined : null,
    });
  }
}

function succeeded(charge: Charge): Execution {
  return { response: { status: 200, body: charge } };
}
