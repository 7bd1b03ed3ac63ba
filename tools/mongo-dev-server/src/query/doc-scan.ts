/**
 * Lazily yields the stored documents matching a filter, through the plan the planner picks
 * (index lookup, ordered index scan, or natural-order collection scan), optionally in sort
 * order: when the plan's order satisfies the sort no sort is done and the caller may stop at
 * its limit; when it satisfies a prefix of the sort only runs of ties are sorted; otherwise
 * all matches are sorted in memory. Every document looked at counts towards
 * `stats.docsExamined`.
 */
import type { CollectionStore } from '../storage/collection.store';
import type { Doc } from '../storage/doc.types';
import type { ServerStats } from '../util/server-stats';
import type { Matcher } from './mingo.adapter';
import { compileFilter } from './mingo.adapter';
import type { QueryPlan } from './query.planner';
import { planQuery } from './query.planner';
import { isNaturalSort, parseSort, sortBy, sortInGroups } from './sort.util';
import type { Collation } from './collation.util';

export interface ScanRequest {
  readonly filter: Doc | undefined;
  readonly matcher: Matcher;
  /** Force a collection scan (a collation is in effect, or `hint: {$natural: ±1}`). */
  readonly noIndexLookup: boolean;
  /** The collation in effect (strings sort in its order). */
  readonly collation?: Collation | undefined;
}

/** Index lookups are exact-key only: not usable under a collation, nor when `$natural` is hinted. */
export function noIndexLookup(collation: unknown, hint: unknown): boolean {
  return collation !== undefined || isNaturalSort(hint);
}

/** The scan of `filter` under a collation, `let` variables and a hint (all optional). */
export function scanRequest(filter: Doc | undefined, opts: { collation?: Collation | undefined; variables?: Doc | undefined; hint?: unknown }): ScanRequest {
  const { collation, variables, hint } = opts;
  return { filter, matcher: compileFilter(filter, { collation, variables }), noIndexLookup: noIndexLookup(collation, hint), collation };
}

function* fetch(coll: CollectionStore, plan: QueryPlan, matcher: Matcher, stats: ServerStats): Generator<Doc, void, undefined> {
  if (plan.candidates === undefined) {
    stats.collectionScans++;
    for (const doc of coll.docs.values()) {
      stats.docsExamined++;
      if (matcher.test(doc)) yield doc;
    }
    return;
  }
  stats.indexLookups++;
  for (const pk of plan.candidates) {
    const doc = coll.get(pk);
    if (doc === undefined) continue;
    stats.docsExamined++;
    if (matcher.test(doc)) yield doc;
  }
}

/** All matches, in plan order. */
export function scanMatches(coll: CollectionStore | undefined, req: ScanRequest, stats: ServerStats): Iterable<Doc> {
  return orderedMatches(coll, req, undefined, 0, stats);
}

/** First match (any order), or undefined. */
export function firstMatch(coll: CollectionStore | undefined, req: ScanRequest, stats: ServerStats): Doc | undefined {
  for (const doc of orderedMatches(coll, req, undefined, 1, stats)) return doc;
  return undefined;
}

/**
 * How many documents match, when the chosen plan knows it from index keys alone (a `count`
 * answered like mongod's COUNT_SCAN: no document is read); undefined otherwise.
 */
export function indexOnlyCount(coll: CollectionStore | undefined, req: ScanRequest, stats: ServerStats): number | undefined {
  if (!coll || req.noIndexLookup) return undefined;
  const plan = planQuery(coll, { filter: req.filter, sort: [], limit: 0, forceScan: false }, stats);
  if (plan.exactCount === undefined || plan.indexName === undefined) return undefined;
  stats.lastPlan = { indexName: plan.indexName, sortFields: 0, sortedPrefix: 0 };
  coll.noteIndexAccess(plan.indexName);
  stats.keysExamined += plan.exactCount;
  return plan.exactCount;
}

/**
 * Matches in `sort` order (plan order without a sort). `limit`: how many documents the
 * caller will read at most (skip + limit; 0 = all), used to choose the plan.
 */
export function orderedMatches(coll: CollectionStore | undefined, req: ScanRequest, sort: Doc | undefined, limit: number, stats: ServerStats): Iterable<Doc> {
  if (!coll) return [];
  const parsed = parseSort(sort);
  const spec = parsed === undefined || parsed === 'natural-reverse' ? [] : parsed;
  const forceScan = req.noIndexLookup || isNaturalSort(sort);
  const plan = planQuery(coll, { filter: req.filter, sort: spec, limit, forceScan }, stats);
  stats.lastPlan = { indexName: plan.indexName, sortFields: spec.length, sortedPrefix: plan.sortedPrefix };
  if (plan.indexName !== undefined) coll.noteIndexAccess(plan.indexName);
  const docs = fetch(coll, plan, req.matcher, stats);
  if (parsed === 'natural-reverse') return [...docs].reverse();
  if (plan.sortedPrefix >= spec.length) return docs;
  if (plan.sortedPrefix > 0) return sortInGroups(docs, spec, plan.sortedPrefix);
  return sortBy([...docs], spec, req.collation?.compare);
}
