import { Inject, Injectable } from '@nestjs/common';
import type { SandboxConfig } from '@app/config';
import type { FormReader } from '../../common/form-reader';
import { SANDBOX_CONFIG } from '../../common/sandbox-config.token';
import { SANDBOX_ERROR_CODES, SANDBOX_ERROR_TYPES, SandboxError } from '../../common/sandbox.error';
import { IdempotentRequestRunner, type DeferredExecution, type Execution, type IdempotentResult } from '../idempotent-request.runner';
import type { PaymentIntent } from '../payment-intent.model';
import { PaymentIntentStore } from '../payment-intent.store';
import { FLAKY_FAILURES, TEST_TOKENS } from '../test-token';
import { readCreatePaymentIntentParams, type CreatePaymentIntentParams } from './create-payment-intent.params';
import { DECLINE, authorizedIntent, baseIntent, declinedIntent, newPaymentIntentIds } from './new-payment-intent';

/**
 * `POST /v1/payment_intents` (create and confirm): validates the form (400, not saved), then
 * confirms under the idempotency key following the test token's behaviour (`test-token.ts`).
 */
@Injectable()
export class CreatePaymentIntentUseCase {
  /** `tok_flaky` attempts per idempotency key (or per request fingerprint without a key). */
  private readonly flakyAttempts = new Map<string, number>();

  constructor(
    private readonly store: PaymentIntentStore,
    private readonly runner: IdempotentRequestRunner,
    @Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig,
  ) {}

  execute(form: FormReader, idempotencyKey: string | undefined): Promise<IdempotentResult> {
    const params = readCreatePaymentIntentParams(form);
    const attemptKey = idempotencyKey ?? IdempotentRequestRunner.fingerprint(form.params);
    return this.runner.run({ key: idempotencyKey, endpoint: 'POST /v1/payment_intents', params: form.params }, () =>
      this.confirm(params, attemptKey),
    );
  }

  private confirm(params: CreatePaymentIntentParams, attemptKey: string): Execution | DeferredExecution {
    switch (params.token) {
      case TEST_TOKENS.visa:
        return ok(this.authorize(params));
      case TEST_TOKENS.timeout:
        return { ...ok(this.authorize(params)), delayMs: this.config.slowResponseMs };
      case TEST_TOKENS.flaky:
        return ok(this.flaky(params, attemptKey));
      case TEST_TOKENS.late:
        return this.late(params);
      case TEST_TOKENS.decline:
        throw this.decline(params);
    }
  }

  private authorize(params: CreatePaymentIntentParams): PaymentIntent {
    const now = Date.now();
    const intent = authorizedIntent(params, newPaymentIntentIds(), now);
    this.store.add({ intent, createdMs: now, pending: false, authorized: true, amountRefunded: 0 });
    return intent;
  }

  private flaky(params: CreatePaymentIntentParams, attemptKey: string): PaymentIntent {
    const attempt = (this.flakyAttempts.get(attemptKey) ?? 0) + 1;
    if (attempt <= FLAKY_FAILURES) {
      this.flakyAttempts.set(attemptKey, attempt);
      throw new SandboxError('The payment provider is temporarily unavailable. Retry with the same Idempotency-Key.', {
        status: 503,
        type: SANDBOX_ERROR_TYPES.api,
        code: SANDBOX_ERROR_CODES.serviceUnavailable,
      });
    }
    this.flakyAttempts.delete(attemptKey);
    return this.authorize(params);
  }

  /** Shown as pending by the observer at once; authorized `slowResponseMs` later, unless shut down. */
  private late(params: CreatePaymentIntentParams): DeferredExecution {
    const ids = newPaymentIntentIds();
    const arrived = Date.now();
    // the charge id is reserved now, so the observer shows the same entry before and after the commit
    const pending = { ...baseIntent(params, ids, arrived), latest_charge: ids.charge };
    this.store.add({ intent: pending, createdMs: arrived, pending: true, authorized: false, amountRefunded: 0 });
    return {
      deferMs: this.config.slowResponseMs,
      commit: () => {
        const now = Date.now();
        const intent = authorizedIntent(params, ids, now);
        this.store.commit(ids.id, { intent, createdMs: now, authorized: true });
        return ok(intent);
      },
      abandon: () => this.store.drop(ids.id),
    };
  }

  private decline(params: CreatePaymentIntentParams): SandboxError {
    const now = Date.now();
    const intent = declinedIntent(params, newPaymentIntentIds(), now);
    this.store.add({ intent, createdMs: now, pending: false, authorized: false, amountRefunded: 0 });
    return new SandboxError(DECLINE.message, {
      status: 402,
      type: SANDBOX_ERROR_TYPES.card,
      code: SANDBOX_ERROR_CODES.cardDeclined,
      details: { decline_code: DECLINE.declineCode, charge: intent.latest_charge, payment_intent: intent },
    });
  }
}

function ok(intent: PaymentIntent): Execution {
  return { response: { status: 200, body: intent } };
}
