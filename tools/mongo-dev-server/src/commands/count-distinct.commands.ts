/**
 * `count` (query, skip, limit) and `distinct` (key, query; array values contribute their
 * elements). Both find their documents through the planner (a count with a limit stops early);
 * a count whose plan knows the answer from index keys alone reads no document (COUNT_SCAN).
 */
import type { CommandContext, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import { collationArg, collectionArg, hintArg, nonNegative, optionalDoc, optionalNumber } from './command-args.util';
import { ErrorCode, fail } from '../util/command.error';
import { compareValues } from '../util/bson-value.util';
import { indexOnlyCount, orderedMatches, scanRequest } from '../query/doc-scan';
import { keyOf, valuesAtPath } from '../storage/index-key.util';

/** Matching documents; `limit` (0 = all) is how many the caller reads at most. */
function matching(ctx: CommandContext, name: string, query: Doc | undefined, limit = 0): Iterable<Doc> {
  const collation = collationArg(ctx.name, ctx.body);
  const coll = ctx.engine.getCollection(ctx.db, name);
  const hint = hintArg(ctx.name, ctx.body, coll);
  return orderedMatches(coll, scanRequest(query, { collation, hint }), undefined, limit, ctx.stats);
}

function count(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const query = optionalDoc(ctx.body, 'query');
  const skip = nonNegative(ctx.body, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(ctx.body, 'limit') ?? 0);
  ctx.stats.opcounters.command++;
  const coll = ctx.engine.getCollection(ctx.db, name);
  let n: number;
  if ((query === undefined || Object.keys(query).length === 0) && coll) {
    n = coll.size; // metadata count, like mongod without a query
  } else {
    const request = scanRequest(query, { collation: collationArg(ctx.name, ctx.body), hint: hintArg(ctx.name, ctx.body, coll) });
    n = indexOnlyCount(coll, request, ctx.stats) ?? countMatches(orderedMatches(coll, request, undefined, limit > 0 ? skip + limit : 0, ctx.stats), limit > 0 ? skip + limit : 0);
  }
  n = Math.max(0, n - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n };
}

/** Matches counted one by one, stopping at `wanted` (0 = all). */
function countMatches(docs: Iterable<Doc>, wanted: number): number {
  let n = 0;
  for (const doc of docs) {
    void doc;
    n++;
    if (n === wanted) break;
  }
  return n;
}

function distinct(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const key = ctx.body['key'];
  if (typeof key !== 'string') fail(ErrorCode.TypeMismatch, "BSON field 'distinct.key' is missing or not a string");
  if (key === '') fail(ErrorCode.BadValue, 'FieldPath cannot be constructed with empty string');
  const query = optionalDoc(ctx.body, 'query');
  const path = key.split('.');
  const seen = new Map<string, unknown>();
  for (const doc of matching(ctx, name, query)) {
    for (const v of valuesAtPath(doc, path)) {
      if (v === undefined) continue;
      const k = keyOf(v);
      if (!seen.has(k)) seen.set(k, v);
    }
  }
  const collation = collationArg(ctx.name, ctx.body);
  if (!collation) return { values: [...seen.values()].sort(compareValues) };
  // values equal under the collation are one value (the first in collation order, stable)
  const sorted = [...seen.values()].sort((a, b) => compareValues(a, b, collation.compare));
  const values = sorted.filter((v, i) => i === 0 || compareValues(sorted[i - 1], v, collation.compare) !== 0);
  return { values };
}

export const countDistinctCommands: CommandTable = { count, distinct };
