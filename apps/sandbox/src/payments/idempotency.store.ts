import { Injectable } from '@nestjs/common';
import type { ProviderResponse } from '../common/provider-response';

/**
 * Idempotency keys the way Stripe keeps them, in memory.
 *
 * `claim` is a synchronous check-and-set (the whole state lives in one Node process, so no
 * other request can run between the check and the set):
 *  - unknown key                          -> `claimed` (the key is now in flight)
 *  - first used on another endpoint       -> `endpoint_mismatch`
 *  - first used with other parameters     -> `params_mismatch`
 *  - same request, still executing        -> `in_use`
 *  - same request, result saved           -> `replay` with the saved response
 * After a claim the caller must either `save` the response or `release` the key (a 5xx or a
 * crash is not saved, so a retry with the same key runs again). Keys never expire here
 * (Stripe keeps them 24 hours); the sandbox lives for one dev session or test run.
 */
export type IdempotencyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly response: ProviderResponse }
  | { readonly kind: 'in_use' }
  | { readonly kind: 'endpoint_mismatch'; readonly endpoint: string }
  | { readonly kind: 'params_mismatch' };

interface Entry {
  readonly endpoint: string;
  readonly fingerprint: string;
  response: ProviderResponse | undefined;
}

@Injectable()
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  claim(key: string, endpoint: string, fingerprint: string): IdempotencyClaim {
    const entry = this.entries.get(key);
    if (entry === undefined) {
      this.entries.set(key, { endpoint, fingerprint, response: undefined });
      return { kind: 'claimed' };
    }
    if (entry.endpoint !== endpoint) return { kind: 'endpoint_mismatch', endpoint: entry.endpoint };
    if (entry.fingerprint !== fingerprint) return { kind: 'params_mismatch' };
    if (entry.response === undefined) return { kind: 'in_use' };
    return { kind: 'replay', response: entry.response };
  }

  save(key: string, response: ProviderResponse): void {
    const entry = this.entries.get(key);
    if (entry === undefined) throw new Error(`Idempotency key ${key} was not claimed`);
    entry.response = response;
  }

  release(key: string): void {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.response === undefined) this.entries.delete(key);
  }
}
