/**
 * Where each worker process says how its circuit to an outside provider stands, so that the
 * API's health details can show "the payment provider is failing" for the whole cluster. One
 * document per (provider, process), `_id` `<provider>:<instance>`, written only when the state
 * changes (rare), deleted at shutdown; a process that died leaves a document whose `openUntil`
 * passes, which then no longer counts as open, and the TTL index removes it a day later.
 * Reads scan this collection: it holds a few documents per worker process, never per order.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';

export interface ProviderCircuitRecord {
  readonly _id: string;
  readonly provider: string;
  readonly instance: string;
  readonly state: string;
  readonly openUntil: Date | null;
  readonly updatedAt: Date;
}

/** Per provider: `open` when some live process has its circuit open now, else `closed`. */
export type ProviderCircuitSummary = Record<string, { readonly state: 'open' | 'closed'; readonly openInstances: number }>;

@Injectable()
export class ProviderCircuitRepository {
  private readonly circuits: Collection<ProviderCircuitRecord>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.circuits = db.collection<ProviderCircuitRecord>(COLLECTION.PROVIDER_CIRCUITS);
  }

  async record(provider: string, instance: string, state: string, openUntil: Date | null, now: Date): Promise<void> {
    await this.circuits.replaceOne({ _id: `${provider}:${instance}` }, { provider, instance, state, openUntil, updatedAt: now }, { upsert: true });
  }

  async forget(instance: string): Promise<void> {
    await this.circuits.deleteMany({ instance });
  }

  /** Every provider named in `known` appears, closed when no process reported it. */
  async summary(now: Date, known: readonly string[] = []): Promise<ProviderCircuitSummary> {
    const summary: Record<string, { state: 'open' | 'closed'; openInstances: number }> = Object.fromEntries(known.map((provider) => [provider, { state: 'closed', openInstances: 0 }]));
    for (const record of await this.circuits.find({}).toArray()) {
      const entry = (summary[record.provider] ??= { state: 'closed', openInstances: 0 });
      if (record.state === 'open' && record.openUntil !== null && record.openUntil > now) {
        entry.state = 'open';
        entry.openInstances += 1;
      }
    }
    return summary;
  }
}
