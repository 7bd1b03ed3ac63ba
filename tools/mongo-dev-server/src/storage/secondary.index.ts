/**
 * A secondary index. Its entries (one per distinct key of a document; arrays give one per
 * element) live in:
 *  - an `OrderedKeyList` (entries in index order) for every plain index — ascending /
 *    descending fields, plain paths, no partial filter: equality lookups (point ranges),
 *    range scans and sorts;
 *  - a hash map key → pk for unique indexes, the only thing used to enforce uniqueness
 *    (never a scan);
 *  - a hash map key → pks for the other non-unique indexes (hashed, partial, numeric paths).
 * An index with a (non-simple) collation keeps its unique entries in a list sorted by the
 * collation, where equal keys are neighbours (binary search; no hash of a collation key
 * exists), and is never used for lookups or scans (its keys are not binary-comparable).
 * Partial indexes only hold documents matching their filter; sparse indexes skip documents
 * missing every indexed field. Text/geo indexes are metadata only (no keys, never used).
 *
 * `rangeSafe`: range and sort plans may use the ordered entries freely only while no document
 * so far had an array on an indexed path (multikey: several entries per document, and mingo's
 * array semantics for ranges and sorts) or a NaN value (mingo treats NaN as equal to every
 * number in comparisons). The first such document clears it for good, like mongod's sticky
 * multikey flag; equality lookups keep working. Like mongod, the index also remembers WHICH
 * fields went multikey (`multikeyFields`): while no NaN was seen (`orderedUsable`) the planner
 * may still walk it with point bounds on the multikey fields and sort on the others.
 */
import { Query } from 'mingo';
import type { Doc } from './doc.types';
import type { IndexKey } from './index-key.util';
import { indexKeysOf, lookupKeyOf } from './index-key.util';
import type { IndexSpec } from './index-spec.model';
import { OrderedKeyList } from './ordered-key.list';
import { compareValues, isPlainObject } from '../util/bson-value.util';
import type { StringOrder } from '../util/bson-value.util';

export class SecondaryIndex {
  readonly fieldNames: readonly string[];
  readonly fields: readonly (readonly string[])[];
  readonly unique: boolean;
  /** Whether equality lookups may use this index (no partial filter, plain key paths). */
  readonly usableForLookup: boolean;
  /** The entries in index order (plain indexes only). */
  readonly orderedKeys: OrderedKeyList | undefined;
  private safeForRanges = true;
  private nanSeen = false;
  private readonly multikey: boolean[];
  private readonly partial: Query | undefined;
  private readonly keyed: boolean;
  private readonly uniqueMap = new Map<string, string>();
  private readonly multiMap: Map<string, Set<string>> | undefined;
  private readonly collated: CollatedEntries | undefined;
  /** The top-level fields its keys depend on (key paths and partial filter); undefined when unknown. */
  private readonly readsFields: readonly string[] | undefined;

  constructor(readonly spec: IndexSpec) {
    this.fieldNames = Object.keys(spec.key);
    this.fields = this.fieldNames.map((f) => f.split('.'));
    const filterFields = spec.partialFilterExpression ? topLevelFieldsOf(spec.partialFilterExpression) : [];
    this.readsFields = filterFields === undefined ? undefined : [...new Set([...this.fields.map((parts) => parts[0]), ...filterFields])];
    this.unique = spec.unique;
    const dirs = Object.values(spec.key);
    this.keyed = dirs.every((d) => typeof d === 'number' || d === 'hashed');
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression, {}) : undefined;
    this.usableForLookup =
      this.keyed && !this.partial && !spec.collation && this.fields.every((parts) => parts.every((p) => !/^\d+$/.test(p) && !p.startsWith('$')));
    const orderable = this.usableForLookup && dirs.every((d) => typeof d === 'number');
    this.orderedKeys = orderable ? new OrderedKeyList(dirs.map((d) => (Number(d) < 0 ? -1 : 1))) : undefined;
    this.collated = spec.collation && this.unique ? new CollatedEntries(spec.collation.compare) : undefined;
    this.multiMap = this.unique || orderable ? undefined : new Map();
    this.multikey = this.fields.map(() => false);
  }

  /** Whether range/sort plans may use `orderedKeys` (no multikey or NaN document seen). */
  get rangeSafe(): boolean {
    return this.orderedKeys !== undefined && this.safeForRanges;
  }

  /** Whether `orderedKeys` may be walked at all (no NaN seen), minding `multikeyFields`. */
  get orderedUsable(): boolean {
    return this.orderedKeys !== undefined && !this.nanSeen;
  }

  /** Per index field: whether some document had an array on its path (sticky). */
  get multikeyFields(): readonly boolean[] {
    return this.multikey;
  }

  /**
   * Whether `newDoc` holds the very same values as `oldDoc` in every top-level field the index
   * reads: then both have the same keys here. Stored documents are never changed in place and an
   * update shares the parts it does not touch (`copyForUpdate`), so identity is enough.
   */
  unchangedBetween(oldDoc: Doc, newDoc: Doc): boolean {
    return this.readsFields !== undefined && this.readsFields.every((field) => oldDoc[field] === newDoc[field]);
  }

  /** Keys this document contributes ([] when the index does not cover it). */
  keysFor(doc: Doc): IndexKey[] {
    if (!this.keyed) return [];
    if (this.partial && !this.partial.test(doc)) return [];
    if (this.spec.sparse && this.fields.every((f) => !hasPath(doc, f))) return [];
    this.fields.forEach((f, i) => {
      const shape = pathShape(doc, f);
      if (shape === 'plain') return;
      this.safeForRanges = false;
      if (shape === 'array') this.multikey[i] = true;
      else this.nanSeen = true;
    });
    return indexKeysOf(doc, this.fields);
  }

  /**
   * For a unique index: the first key already owned by a document other than `pk`. For a
   * `prepareUnique` index: the first new key (not among `oldKeys`, the keys `pk` had before
   * this write) that another document holds.
   */
  conflictOf(keys: readonly IndexKey[], pk: string, oldKeys: readonly IndexKey[] = []): IndexKey | undefined {
    if (!this.unique && this.spec.prepareUnique === true) {
      const kept = new Set(oldKeys.map((k) => k.key));
      return keys.find((k) => {
        if (kept.has(k.key)) return false;
        const owners: string[] = [];
        this.lookup(k.values, owners);
        return owners.some((owner) => owner !== pk);
      });
    }
    if (!this.unique) return undefined;
    if (this.collated) return keys.find((k) => this.collated?.ownerOtherThan(k.values, pk) !== undefined);
    for (const k of keys) {
      const owner = this.uniqueMap.get(k.key);
      if (owner !== undefined && owner !== pk) return k;
    }
    return undefined;
  }

  add(keys: readonly IndexKey[], pk: string): void {
    for (const k of keys) {
      this.orderedKeys?.insert({ values: k.values, pk });
      if (this.collated) {
        this.collated.add(k.values, pk);
      } else if (this.unique) {
        this.uniqueMap.set(k.key, pk);
      } else if (this.multiMap) {
        let set = this.multiMap.get(k.key);
        if (!set) this.multiMap.set(k.key, (set = new Set()));
        set.add(pk);
      }
    }
  }

  remove(keys: readonly IndexKey[], pk: string): void {
    for (const k of keys) {
      this.orderedKeys?.remove({ values: k.values, pk });
      if (this.collated) {
        this.collated.remove(k.values, pk);
      } else if (this.unique) {
        if (this.uniqueMap.get(k.key) === pk) this.uniqueMap.delete(k.key);
      } else if (this.multiMap) {
        const set = this.multiMap.get(k.key);
        if (set) {
          set.delete(pk);
          if (set.size === 0) this.multiMap.delete(k.key);
        }
      }
    }
  }

  /**
   * Primary keys of documents holding these values (one per index field). Through the ordered
   * entries this is BSON-comparison equality (a superset of key equality); a multikey document
   * may appear more than once.
   */
  lookup(values: readonly unknown[], out: string[]): void {
    if (this.unique) {
      const pk = this.uniqueMap.get(lookupKeyOf(values));
      if (pk !== undefined) out.push(pk);
    } else if (this.orderedKeys) {
      for (const e of this.orderedKeys.walk(...this.orderedKeys.equalRange(values), true)) out.push(e.pk);
    } else {
      const set = this.multiMap?.get(lookupKeyOf(values));
      if (set) for (const pk of set) out.push(pk);
    }
  }

  /** Number of entries `lookup` would return. */
  lookupCount(values: readonly unknown[]): number {
    if (this.unique) return this.uniqueMap.has(lookupKeyOf(values)) ? 1 : 0;
    if (this.orderedKeys) return this.orderedKeys.count(...this.orderedKeys.equalRange(values));
    return this.multiMap?.get(lookupKeyOf(values))?.size ?? 0;
  }
}

/** Unique keys in collation order: equal keys (under the collation) are neighbours. */
class CollatedEntries {
  private readonly entries: { readonly values: readonly unknown[]; readonly pk: string }[] = [];

  constructor(private readonly strings: StringOrder) {}

  private compare(a: readonly unknown[], b: readonly unknown[]): number {
    for (let i = 0; i < a.length; i++) {
      const c = compareValues(a[i], b[i], this.strings);
      if (c !== 0) return c;
    }
    return 0;
  }

  /** First position whose key is not below `values`. */
  private lowerBound(values: readonly unknown[]): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare((this.entries[mid]).values, values) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  ownerOtherThan(values: readonly unknown[], pk: string): string | undefined {
    for (let i = this.lowerBound(values); i < this.entries.length; i++) {
      const e = this.entries[i];
      if (this.compare(e.values, values) !== 0) return undefined;
      if (e.pk !== pk) return e.pk;
    }
    return undefined;
  }

  add(values: readonly unknown[], pk: string): void {
    this.entries.splice(this.lowerBound(values), 0, { values, pk });
  }

  remove(values: readonly unknown[], pk: string): void {
    for (let i = this.lowerBound(values); i < this.entries.length; i++) {
      const e = this.entries[i];
      if (this.compare(e.values, values) !== 0) return;
      if (e.pk === pk) {
        this.entries.splice(i, 1);
        return;
      }
    }
  }
}

const LOGICAL_OPERATORS = new Set(['$and', '$or', '$nor']);

/** The top-level fields a partial filter reads; undefined for any other top-level operator. */
function topLevelFieldsOf(filter: Doc): string[] | undefined {
  const fields: string[] = [];
  for (const [name, value] of Object.entries(filter)) {
    if (!name.startsWith('$')) {
      fields.push(name.split('.')[0]);
      continue;
    }
    if (!LOGICAL_OPERATORS.has(name) || !Array.isArray(value)) return undefined;
    for (const branch of value) {
      const inner = isPlainObject(branch) ? topLevelFieldsOf(branch) : undefined;
      if (inner === undefined) return undefined;
      fields.push(...inner);
    }
  }
  return fields;
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

/** No array on the path (at any level) and no NaN at its end. */
/** Whether the path holds an array on the way (multikey), a NaN, or neither. */
function pathShape(doc: unknown, parts: readonly string[]): 'plain' | 'array' | 'nan' {
  let cur: unknown = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) return 'array';
    if (cur === null || typeof cur !== 'object') return 'plain';
    cur = (cur as Doc)[p];
  }
  if (Array.isArray(cur)) return 'array';
  return typeof cur === 'number' && Number.isNaN(cur) ? 'nan' : 'plain';
}
