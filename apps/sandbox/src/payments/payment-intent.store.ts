import { Inject, Injectable } from '@nestjs/common';
import type { SandboxConfig } from '@app/config';
import { SANDBOX_CONFIG } from '../common/sandbox-config.token';
import type { PaymentIntent } from './payment-intent.model';
import { expireAuthorization } from './payment-intent.transitions';
import type { StoredPaymentIntent } from './stored-payment-intent';

/**
 * Every PaymentIntent the provider has, in creation order, in memory.
 *
 * Reads apply authorization expiry first: a `requires_capture` PaymentIntent older than
 * `authorizationTtlMs` turns `canceled` / `automatic` the moment anyone looks at it (Stripe
 * does it in the background after 7 days; nobody can tell the difference).
 * `find` and `committed` hide `pending` entries (a `tok_late` authorization that has not
 * happened yet at the "provider"); `all` shows them, for the observer ledger.
 */
@Injectable()
export class PaymentIntentStore {
  private readonly entries = new Map<string, StoredPaymentIntent>();

  constructor(@Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig) {}

  add(entry: StoredPaymentIntent): void {
    this.entries.set(entry.intent.id, entry);
  }

  /** Replaces a pending entry with what it became; a no-op if it was dropped meanwhile. */
  commit(id: string, update: Pick<StoredPaymentIntent, 'intent' | 'authorized' | 'createdMs'>): void {
    const entry = this.entries.get(id);
    if (entry === undefined || !entry.pending) return;
    this.entries.set(id, { ...entry, ...update, pending: false });
  }

  /** Drops a pending entry that will never commit. */
  drop(id: string): void {
    if (this.entries.get(id)?.pending === true) this.entries.delete(id);
  }

  find(id: string): StoredPaymentIntent | undefined {
    const entry = this.fresh(id);
    return entry?.pending === false ? entry : undefined;
  }

  update(id: string, change: (entry: StoredPaymentIntent) => Partial<Pick<StoredPaymentIntent, 'intent' | 'amountRefunded'>>): PaymentIntent {
    const entry = this.find(id);
    if (entry === undefined) throw new Error(`PaymentIntent ${id} is not stored`);
    const updated = { ...entry, ...change(entry) };
    this.entries.set(id, updated);
    return updated.intent;
  }

  /** Every committed PaymentIntent, in creation order. */
  committed(): StoredPaymentIntent[] {
    return this.all().filter((entry) => !entry.pending);
  }

  /** Every entry, pending ones included, in creation order. */
  all(): StoredPaymentIntent[] {
    return [...this.entries.keys()].map((id) => this.fresh(id)).filter((entry) => entry !== undefined);
  }

  private fresh(id: string): StoredPaymentIntent | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined || entry.pending) return entry;
    const now = Date.now();
    if (entry.intent.status !== 'requires_capture' || now - entry.createdMs < this.config.authorizationTtlMs) return entry;
    const expired = { ...entry, intent: expireAuthorization(entry.intent, now) };
    this.entries.set(id, expired);
    return expired;
  }
}
