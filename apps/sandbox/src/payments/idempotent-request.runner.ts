import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { canonicalJson } from '../common/canonical-json';
import type { ProviderResponse } from '../common/provider-response';
import { ResponseDelayer } from '../common/response-delayer.service';
import { SANDBOX_ERROR_CODES, SANDBOX_ERROR_TYPES, SandboxError, type SandboxErrorCode } from '../common/sandbox.error';
import { IdempotencyStore } from './idempotency.store';

/**
 * Runs a provider operation under an `Idempotency-Key`.
 *
 * `execute` is synchronous on purpose: claim, execution and save happen in one turn of the
 * event loop, so concurrent identical requests can never both execute. It returns the answer,
 * optionally with `delayMs` (the answer is saved first, then held back: the ambiguous-timeout
 * case). A `SandboxError` below 500 thrown by `execute` is an answer too (saved and replayed,
 * e.g. a declined card); a 5xx `SandboxError` or any other error releases the key and is
 * rethrown, so the client's retry with the same key runs again.
 *
 * Errors: 400 `idempotency_error` when the key was used on another endpoint or with other
 * parameters; 409 `idempotency_error` while the first request with the key is still executing.
 */
export interface IdempotentRequest {
  readonly key: string;
  /** e.g. `POST /v1/charges`. */
  readonly endpoint: string;
  /** The request parameters as received; compared by value, key order ignored. */
  readonly params: unknown;
}

export interface Execution {
  readonly response: ProviderResponse;
  readonly delayMs?: number;
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

  async run(request: IdempotentRequest, execute: () => Execution): Promise<IdempotentResult> {
    const fingerprint = createHash('sha256').update(canonicalJson(request.params)).digest('hex');
    const claim = this.store.claim(request.key, request.endpoint, fingerprint);
    switch (claim.kind) {
      case 'replay':
        return { response: claim.response, replayed: true };
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
        break;
    }
    const execution = this.executeClaimed(request.key, execute);
    if (execution.delayMs !== undefined && execution.delayMs > 0) await this.delayer.wait(execution.delayMs);
    return { response: execution.response, replayed: false };
  }

  private executeClaimed(key: string, execute: () => Execution): Execution {
    let execution: Execution;
    try {
      execution = execute();
    } catch (error) {
      if (!(error instanceof SandboxError) || error.status >= 500) {
        this.store.release(key);
        throw error;
      }
      execution = { response: { status: error.status, body: error.toBody() } };
    }
    if (execution.response.status >= 500) this.store.release(key);
    else this.store.save(key, execution.response);
    return execution;
  }
}

function idempotencyError(status: number, code: SandboxErrorCode, message: string): SandboxError {
  return new SandboxError(message, { status, type: SANDBOX_ERROR_TYPES.idempotency, code });
}
