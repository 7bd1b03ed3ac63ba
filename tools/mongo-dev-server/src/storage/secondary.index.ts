/**
 * A secondary index: a hash map from normalised index key to the primary keys (`_id` keys)
 * of the documents carrying that key. Unique indexes map key → one pk and are the only
 * thing used to enforce uniqueness (never a scan). Partial indexes only hold documents
 * matching their filter; sparse indexes skip documents missing every indexed field.
 * Text/geo indexes are metadata only (no keys, never used for lookups).
 */
import { Query } from 'mingo';
import type { Doc } from './doc.types';
import type { IndexKey } from './index-key.util';
import { indexKeysOf } from './index-key.util';
import type { IndexSpec } from './index-spec.model';

export class SecondaryIndex {
  readonly fieldNames: readonly string[];
  readonly fields: readonly (readonly string[])[];
  readonly unique: boolean;
  /** Whether equality lookups may use this index (no partial filter, plain key paths). */
  readonly usableForLookup: boolean;
  private readonly partial: Query | undefined;
  private readonly keyed: boolean;
  private readonly uniqueMap = new Map<string, string>();
  private readonly multiMap = new Map<string, Set<string>>();

  constructor(readonly spec: IndexSpec) {
    this.fieldNames = Object.keys(spec.key);
    this.fields = this.fieldNames.map((f) => f.split('.'));
    this.unique = spec.unique;
    const dirs = Object.values(spec.key);
    this.keyed = dirs.every((d) => typeof d === 'number' || d === 'hashed');
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression, {}) : undefined;
    this.usableForLookup =
      this.keyed && !this.partial && this.fields.every((parts) => parts.every((p) => !/^\d+$/.test(p) && !p.startsWith('$')));
  }

  /** Keys this document contributes ([] when the index does not cover it). */
  keysFor(doc: Doc): IndexKey[] {
    if (!this.keyed) return [];
    if (this.partial && !this.partial.test(doc)) return [];
    if (this.spec.sparse && this.fields.every((f) => !hasPath(doc, f))) return [];
    const keys = indexKeysOf(doc, this.fields);
    return keys;
  }

  /** For a unique index: the first key already owned by a document other than `pk`. */
  conflictOf(keys: readonly IndexKey[], pk: string): IndexKey | undefined {
    if (!this.unique) return undefined;
    for (const k of keys) {
      const owner = this.uniqueMap.get(k.key);
      if (owner !== undefined && owner !== pk) return k;
    }
    return undefined;
  }

  add(keys: readonly IndexKey[], pk: string): void {
    for (const k of keys) {
      if (this.unique) {
        this.uniqueMap.set(k.key, pk);
      } else {
        let set = this.multiMap.get(k.key);
        if (!set) this.multiMap.set(k.key, (set = new Set()));
        set.add(pk);
      }
    }
  }

  remove(keys: readonly IndexKey[], pk: string): void {
    for (const k of keys) {
      if (this.unique) {
        if (this.uniqueMap.get(k.key) === pk) this.uniqueMap.delete(k.key);
      } else {
        const set = this.multiMap.get(k.key);
        if (set) {
          set.delete(pk);
          if (set.size === 0) this.multiMap.delete(k.key);
        }
      }
    }
  }

  /** Primary keys of documents holding `key`. */
  lookup(key: string, out: string[]): void {
    if (this.unique) {
      const pk = this.uniqueMap.get(key);
      if (pk !== undefined) out.push(pk);
      return;
    }
    const set = this.multiMap.get(key);
    if (set) for (const pk of set) out.push(pk);
  }

  get entryCount(): number {
    if (this.unique) return this.uniqueMap.size;
    let n = 0;
    for (const s of this.multiMap.values()) n += s.size;
    return n;
  }
}

function hasPath(doc: unknown, parts: readonly string[]): boolean {
  let cur: unknown = doc;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return false;
    if (Array.isArray(cur)) return cur.length > 0;
    if (!Object.prototype.hasOwnProperty.call(cur, p)) return false;
    cur = (cur as Doc)[p];
  }
  return true;
}
