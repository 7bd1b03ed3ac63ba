import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canonicalJson } from '../common/canonical-json';
import type { ProviderResponse } from '../common/provider-response';
import { ResponseDelayer } from '../common/response-delayer.service';
import { SANDBOX_ERROR_CODES, SANDBOX_ERROR_TYPES, SandboxError, type SandboxErrorCode } from '../common/sandbox.error';
import { IdempotencyStore } from './idempotency.store';

/**
 * Runs a provider operation, under its `Idempotency-Key` when the request has one (the key is
 * optional, as at Stripe; without one the operation simply runs).
 *
 * `execute` is synchronous on purpose: claim, execution and save happen in one turn of the
 * event loop, so concurrent identical requests can never both execute. It returns either
 *  - an `Execution`: the answer, optionally with `delayMs` (saved first, then held back: the
 *    ambiguous-timeout case); or
 *  - a `DeferredExecution`: the key stays claimed (a replay meanwhile gets 409) for `deferMs`,
 *    then `commit()` runs and its answer is saved and sent (the operation that commits after
 *    the client gave up). If the sandbox shuts down first, `abandon()` runs instead, the key is
 *    released and nothing is committed.
 * A `SandboxError` below 500 thrown by `execute` or `commit` is an answer too (saved and
 * replayed, e.g. a declined card); a 5xx `SandboxError` or any other error releases the key and
 * is rethrown, so the client's retry with the same key runs again.
 *
 * Errors: 400 `idempotency_error` when the key was used on another endpoint or with other
 * parameters; 409 `idempotency_error` `idempotency_key_in_use` while the first request with
 * the key is still executing.
 */
export interface IdempotentRequest {
  readonly key: string | undefined;
  /** e.g. `POST /v1/payment_intents`. */
  readonly endpoint: string;
  /** The request parameters as received; compared by value, key order ignored. */
  readonly params: unknown;
}

export interface Execution {
  readonly response: ProviderResponse;
  readonly delayMs?: number;
}

export interface DeferredExecution {
  readonly deferMs: number;
  commit(): Execution;
  abandon(): void;
}

export interface IdempotentResult {
  readonly response: ProviderResponse;
  readonly replayed: boolean;
}

@Injectable()
export class IdempotentRequestRunner {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly delayer: ResponseDelayer,
  ) {}

  /** A stable digest of the parameters, key order ignored (also used by `tok_flaky` without a key). */
  static fingerprint(params: unknown): string {
    return createHash('sha256').update(canonicalJson(params)).digest('hex');
  }

  async run(request: IdempotentRequest, execute: () => Execution | DeferredExecution): Promise<IdempotentResult> {
    const { key } = request;
    if (key !== undefined) {
      const replay = this.claim(key, request);
      if (replay !== undefined) return { response: replay, replayed: true };
    }
    const outcome = this.settle(key, execute);
    const execution = 'commit' in outcome ? await this.commitLater(key, outcome) : outcome;
    if (execution.delayMs !== undefined && execution.delayMs > 0) await this.delayer.wait(execution.delayMs);
    return { response: execution.response, replayed: false };
  }

  /** Claims the key; returns the saved response to replay, or `undefined` when claimed. */
  private claim(key: string, request: IdempotentRequest): ProviderResponse | undefined {
    const claim = this.store.claim(key, request.endpoint, IdempotentRequestRunner.fingerprint(request.params));
    switch (claim.kind) {
      case 'replay':
        return claim.response;
      case 'endpoint_mismatch':
        throw idempotencyError(400, SANDBOX_ERROR_CODES.idempotencyKeyReused,
          `Keys for idempotent requests can only be used for the same endpoint they were first used for (${claim.endpoint}).`);
      case 'params_mismatch':
        throw idempotencyError(400, SANDBOX_ERROR_CODES.idempotencyKeyReused,
          'Keys for idempotent requests can only be used with the same parameters they were first used with.');
      case 'in_use':
        throw idempotencyError(409, SANDBOX_ERROR_CODES.idempotencyKeyInUse,
          'There is currently another in-progress request using this Idempotency-Key. Retry later.');
      case 'claimed':
        return undefined;
    }
  }

  private async commitLater(key: string | undefined, deferred: DeferredExecution): Promise<Execution> {
    const elapsed = await this.delayer.wait(deferred.deferMs);
    if (!elapsed) {
      deferred.abandon();
      if (key !== undefined) this.store.release(key);
      throw new SandboxError('The sandbox is shutting down; nothing was committed.', {
        status: 503,
        type: SANDBOX_ERROR_TYPES.api,
        code: SANDBOX_ERROR_CODES.serviceUnavailable,
      });
    }
    const execution = this.settle(key, () => deferred.commit());
    if ('commit' in execution) throw new Error('A deferred execution must commit to an answer');
    return execution;
  }

  /** Runs `execute`; saves its answer under the key, or releases the key on a 5xx or a crash. */
  private settle(key: string | undefined, execute: () => Execution | DeferredExecution): Execution | DeferredExecution {
    let outcome: Execution | DeferredExecution;
    try {
      outcome = execute();
    } catch (error) {
      if (!(error instanceof SandboxError) || error.status >= 500) {
        if (key !== undefined) this.store.release(key);
        throw error;
      }
      outcome = { response: { status: error.status, body: error.toBody() } };
    }
    if ('commit' in outcome || key === undefined) return outcome;
    if (outcome.response.status >= 500) this.store.release(key);
    else this.store.save(key, outcome.response);
    return outcome;
  }
}

function idempotencyError(status: number, code: SandboxErrorCode, message: string): SandboxError {
  return new SandboxError(message, { status, type: SANDBOX_ERROR_TYPES.idempotency, code });
}
