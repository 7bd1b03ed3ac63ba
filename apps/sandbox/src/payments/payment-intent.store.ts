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
 * `find`, `withMetadata` and `withCharge` hide `pending` entries (a `tok_late` authorization
 * that has not happened yet at the "provider"); `all` shows them, for the observer ledger.
 * Metadata and the charge id are fixed when a PaymentIntent is created, so they are indexed
 * then: a search or a refund by charge costs the same however many PaymentIntents are stored.
 */
@Injectable()
export class PaymentIntentStore {
  private readonly entries = new Map<string, StoredPaymentIntent>();
  /** Ids by `metadataKey(key, value)`, in creation order. */
  private readonly idsByMetadata = new Map<string, string[]>();
  private readonly idByCharge = new Map<string, string>();

  constructor(@Inject(SANDBOX_CONFIG) private readonly config: SandboxConfig) {}

  add(entry: StoredPaymentIntent): void {
    const { id, metadata, latest_charge: charge } = entry.intent;
    this.entries.set(id, entry);
    for (const [key, value] of Object.entries(metadata)) {
      const ids = this.idsByMetadata.get(metadataKey(key, value));
      if (ids === undefined) this.idsByMetadata.set(metadataKey(key, value), [id]);
      else ids.push(id);
    }
    if (charge !== null) this.idByCharge.set(charge, id);
  }

  /** Replaces a pending entry with what it became; a no-op if it was dropped meanwhile. */
  commit(id: string, update: Pick<StoredPaymentIntent, 'intent' | 'authorized' | 'createdMs'>): void {
    const entry = this.entries.get(id);
    if (entry === undefined || !entry.pending) return;
    this.entries.set(id, { ...entry, ...update, pending: false });
  }

  /** Drops a pending entry that will never commit. */
  drop(id: string): void {
    const entry = this.entries.get(id);
    if (entry?.pending !== true) return;
    this.entries.delete(id);
    for (const [key, value] of Object.entries(entry.intent.metadata)) {
      const ids = this.idsByMetadata.get(metadataKey(key, value)) ?? [];
      const rest = ids.filter((other) => other !== id);
      if (rest.length === 0) this.idsByMetadata.delete(metadataKey(key, value));
      else this.idsByMetadata.set(metadataKey(key, value), rest);
    }
    if (entry.intent.latest_charge !== null) this.idByCharge.delete(entry.intent.latest_charge);
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

  /** The committed PaymentIntents whose metadata has `key` = `value`, in creation order. */
  withMetadata(key: string, value: string): StoredPaymentIntent[] {
    const ids = this.idsByMetadata.get(metadataKey(key, value)) ?? [];
    return ids.map((id) => this.find(id)).filter((entry) => entry !== undefined);
  }

  /** The committed PaymentIntent whose `latest_charge` is `charge`. */
  withCharge(charge: string): StoredPaymentIntent | undefined {
    const id = this.idByCharge.get(charge);
    return id === undefined ? undefined : this.find(id);
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

function metadataKey(key: string, value: string): string {
  return JSON.stringify([key, value]);
}
