/**
 * `find`, `getMore`, `killCursors`. Results stream lazily from the planner's choice (index
 * lookup, ordered index scan or natural-order scan); a sort the plan's order satisfies costs
 * nothing and stops at skip + limit, otherwise matches are collected and sorted once (or per
 * run of ties when the index gives a sort prefix). skip/limit/batchSize/singleBatch follow
 * the find command; projection is applied per batch.
 */
import { Long } from 'bson';
import type { CommandContext, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import { collationArg, collectionArg, flag, hintArg, letArg, nonNegative, optionalArray, optionalDoc, optionalNumber } from './command-args.util';
import { ErrorCode, fail } from '../util/command.error';
import { bsonTypeName } from '../util/bson-type-name.util';
import { BsonKind, bsonTypeOf, toNumber } from '../util/bson-value.util';
import { orderedMatches, scanRequest } from '../query/doc-scan';
import { parseSort } from '../query/sort.util';
import { applyProjection, isEmptyProjection } from '../query/projection.util';
import { sourceOf } from '../cursors/cursor.registry';

/** Skips `skip` documents, then yields up to `limit` (0 = all) without reading past the last. */
function* skipLimit(docs: Iterable<Doc>, skip: number, limit: number): Generator<Doc, void, undefined> {
  if (limit === 0) limit = Number.MAX_SAFE_INTEGER;
  let skipped = 0;
  let returned = 0;
  for (const d of docs) {
    if (skipped < skip) {
      skipped++;
      continue;
    }
    yield d;
    if (++returned >= limit) return;
  }
}

function find(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const b = ctx.body;
  const filter = optionalDoc(b, 'filter');
  const projection = optionalDoc(b, 'projection');
  const sort = optionalDoc(b, 'sort');
  const collation = collationArg('find', b);
  const skip = nonNegative(b, 'skip') ?? 0;
  const limitRaw = optionalNumber(b, 'limit') ?? 0;
  if (limitRaw < 0) fail(51024, `BSON field 'limit' value must be >= 0, actual value '${limitRaw}'`);
  const batchSize = nonNegative(b, 'batchSize');
  const singleBatch = flag(b, 'singleBatch');
  ctx.stats.opcounters.query++;
  parseSort(sort); // validate early
  const coll = ctx.engine.getCollection(ctx.db, name);
  const hint = hintArg('find', b, coll);
  const req = scanRequest(filter, { collation, variables: letArg(b), hint });
  const ordered = orderedMatches(coll, req, sort, limitRaw > 0 ? skip + limitRaw : 0, ctx.stats);
  const docs = skipLimit(ordered, skip, limitRaw);
  const transform = isEmptyProjection(projection) ? undefined : (batch: Doc[]) => applyProjection(batch, projection, filter);
  const ns = `${ctx.db}.${name}`;
  const batch = ctx.cursors.firstBatch(ns, sourceOf(docs), batchSize, singleBatch, transform, flag(b, 'noCursorTimeout'));
  return { cursor: { firstBatch: batch.docs, id: batch.cursorId, ns } };
}

function cursorIdOf(v: unknown): number {
  if (bsonTypeOf(v) !== BsonKind.Number) {
    fail(ErrorCode.TypeMismatch, `BSON field 'getMore.getMore' is the wrong type '${bsonTypeName(v)}', expected type 'long'`);
  }
  return toNumber(v);
}

function getMore(ctx: CommandContext): Doc {
  const id = cursorIdOf(ctx.body['getMore']);
  const collection = ctx.body['collection'];
  if (typeof collection !== 'string') fail(ErrorCode.TypeMismatch, "BSON field 'getMore.collection' is missing or not a string");
  ctx.stats.opcounters.getmore++;
  const ns = `${ctx.db}.${collection}`;
  const batch = ctx.cursors.getMore(id, ns, nonNegative(ctx.body, 'batchSize'));
  return { cursor: { nextBatch: batch.docs, id: batch.cursorId, ns } };
}

function killCursors(ctx: CommandContext): Doc {
  collectionArg(ctx);
  const ids = optionalArray(ctx.body, 'cursors') ?? [];
  const killed: Long[] = [];
  const notFound: Long[] = [];
  for (const raw of ids) {
    const id = toNumber(raw);
    (ctx.cursors.kill(id) ? killed : notFound).push(Long.fromNumber(id));
  }
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [] };
}

export const findCommands: CommandTable = { find, getMore, killCursors };
