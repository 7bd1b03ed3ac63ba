/**
 * `aggregate`: runs the pipeline with mingo over deep copies of the collection's documents
 * (a leading `$match` is answered through the planner, so `_id`/unique lookups apply).
 * `$lookup` resolves collections of the same database. Refused like a standalone mongod:
 * `$changeStream` (40573). Not supported: `$out`, `$merge`, explain.
 */
import type { CommandContext, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import { flag, optionalDoc } from './command-args.util';
import { ErrorCode, fail } from '../util/command.error';
import { bsonTypeName } from '../util/bson-type-name.util';
import { deepCopy, isPlainObject } from '../util/bson-value.util';
import { compileFilter, runAggregation } from '../query/mingo.adapter';
import { noIndexLookup, scanMatches } from '../query/doc-scan';
import { sourceOf } from '../cursors/cursor.registry';

export const CHANGE_STREAM_MSG = 'The $changeStream stage is only supported on replica sets';

function* copies(docs: Iterable<Doc>): Generator<Doc, void, undefined> {
  for (const d of docs) yield deepCopy(d);
}

/**
 * mingo's $count emits `{field: 0}` for empty input where mongod emits nothing; rewrite it
 * into mongod's documented equivalent ($group + $project), which mingo gets right.
 */
function rewriteCount(stages: Doc[]): Doc[] {
  return stages.flatMap((s) => {
    const field = s['$count'];
    if (typeof field !== 'string') return [s];
    return [{ $group: { _id: null, [field]: { $sum: 1 } } }, { $project: { _id: 0 } }];
  });
}

function aggregate(ctx: CommandContext): Doc {
  const target = ctx.body['aggregate'];
  const dbLevel = target === 1 || target === 1.0;
  if (!dbLevel && typeof target !== 'string') {
    fail(ErrorCode.InvalidNamespace, `collection name has invalid type ${bsonTypeName(target)}`);
  }
  const pipeline = ctx.body['pipeline'];
  if (!Array.isArray(pipeline)) fail(ErrorCode.TypeMismatch, "'pipeline' option must be specified as an array");
  const stages = pipeline as unknown[];
  for (const stage of stages) {
    if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
      fail(40323, 'A pipeline stage specification object must contain exactly one field.');
    }
  }
  const stageName = (s: unknown): string => Object.keys(s as Doc)[0];
  if (stages.length > 0 && stageName(stages[0]) === '$changeStream') fail(ErrorCode.ChangeStreamReplicaSetOnly, CHANGE_STREAM_MSG);
  for (const s of stages) {
    const n = stageName(s);
    if (n === '$changeStream') fail(40602, '$changeStream is only valid as the first stage in a pipeline');
    if (n === '$out' || n === '$merge') fail(ErrorCode.IllegalOperation, `${n} is not supported by mongo-dev-server`);
  }
  if (ctx.body['explain'] !== undefined) fail(ErrorCode.IllegalOperation, 'explain is not supported by mongo-dev-server');
  const cursorOpt = optionalDoc(ctx.body, 'cursor');
  if (!cursorOpt) fail(ErrorCode.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
  const collation = optionalDoc(ctx.body, 'collation');
  const variables = optionalDoc(ctx.body, 'let');
  ctx.stats.opcounters.command++;

  let rest = stages as Doc[];
  let source: Iterable<Doc> = [];
  if (!dbLevel) {
    const coll = ctx.engine.getCollection(ctx.db, target);
    let filter: Doc | undefined;
    const first = rest[0];
    if (first && stageName(first) === '$match' && isPlainObject(first['$match'])) {
      filter = first['$match'];
      rest = rest.slice(1);
    }
    const matcher = compileFilter(filter, { collation, variables });
    source = copies(scanMatches(coll, { filter, matcher, noIndexLookup: noIndexLookup(collation, ctx.body['hint']) }, ctx.stats));
  }
  const resolver = (name: string): Doc[] => {
    const c = ctx.engine.getCollection(ctx.db, name);
    return c ? [...c.docs.values()].map((d) => deepCopy(d)) : [];
  };
  const results = rest.length === 0 ? [...source] : runAggregation(source, rewriteCount(rest), { collation, variables, collectionResolver: resolver });
  const ns = dbLevel ? `${ctx.db}.$cmd.aggregate` : `${ctx.db}.${target}`;
  const batchSize = cursorOpt['batchSize'];
  const batch = ctx.cursors.firstBatch(
    ns,
    sourceOf(results[Symbol.iterator]()),
    typeof batchSize === 'number' ? batchSize : undefined,
    flag(ctx.body, 'singleBatch'),
  );
  return { cursor: { firstBatch: batch.docs, id: batch.cursorId, ns } };
}

export const aggregateCommands: CommandTable = { aggregate };
