/**
 * Lazily yields the stored documents matching a filter, using an index lookup when the
 * planner finds one and a natural-order scan otherwise. Every document looked at counts
 * towards `stats.docsExamined`.
 */
import type { CollectionStore } from '../storage/collection.store';
import type { Doc } from '../storage/doc.types';
import type { ServerStats } from '../util/server-stats';
import type { Matcher } from './mingo.adapter';
import { planLookup } from './query.planner';

export interface ScanRequest {
  readonly filter: Doc | undefined;
  readonly matcher: Matcher;
  /** Force a collection scan (a collation is in effect, or `hint: {$natural: ±1}`). */
  readonly noIndexLookup: boolean;
}

/** Index lookups are exact-key only: not usable under a collation, nor when `$natural` is hinted. */
export function noIndexLookup(collation: unknown, hint: unknown): boolean {
  const natural = hint !== null && typeof hint === 'object' && Object.prototype.hasOwnProperty.call(hint, '$natural');
  return collation !== undefined || natural;
}

export function* scanMatches(coll: CollectionStore | undefined, req: ScanRequest, stats: ServerStats): Generator<Doc, void, undefined> {
  if (!coll) return;
  const pks = planLookup(coll, req.filter, req.noIndexLookup);
  if (pks) {
    stats.indexLookups++;
    for (const pk of pks) {
      const doc = coll.get(pk);
      if (doc === undefined) continue;
      stats.docsExamined++;
      if (req.matcher.test(doc)) yield doc;
    }
    return;
  }
  stats.collectionScans++;
  for (const doc of coll.docs.values()) {
    stats.docsExamined++;
    if (req.matcher.test(doc)) yield doc;
  }
}

/** First match (natural/index order), or undefined. */
export function firstMatch(coll: CollectionStore | undefined, req: ScanRequest, stats: ServerStats): Doc | undefined {
  for (const doc of scanMatches(coll, req, stats)) return doc;
  return undefined;
}
