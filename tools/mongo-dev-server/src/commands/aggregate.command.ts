/**
 * `aggregate`: runs the pipeline with mingo over deep copies of the collection's documents.
 * Like mongod's pipeline optimisation, a leading `$match`, then `$sort` (plain ±1 keys, no
 * collation), then `$skip`/`$limit` stages are answered by the planner (index lookups and
 * ordered index scans, stopping at the limit) and only the remaining stages run in mingo.
 * `$lookup` resolves collections of the same database. Refused like a standalone mongod:
 * `$changeStream` (40573). A final `$out`/`$merge` writes the results (`aggregate-output.util.ts`)
 * and the command answers an empty cursor.
 */
import { Long } from 'bson';
import type { CommandContext, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import type { LocalSessionCache } from '../sessions/local-session.cache';
import { collationArg, flag, hintArg, letArg, optionalDoc } from './command-args.util';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { bsonTypeName } from '../util/bson-type-name.util';
import { deepCopy, isPlainObject } from '../util/bson-value.util';
import { runAggregation } from '../query/mingo.adapter';
import { orderedMatches, scanRequest } from '../query/doc-scan';
import { sourceOf } from '../cursors/cursor.registry';
import { explainAggregate } from './explain.command';
import { collStatsStage, indexStatsStage } from './collection-stats.util';
import { containsWrapped, hasWrapped, numericView } from '../util/bson-number.util';
import { OUTPUT_STAGES, checkOutputPosition, checkOutputStage, checkSubPipelines, writeOutput } from './aggregate-output.util';

export const CHANGE_STREAM_MSG = 'The $changeStream stage is only supported on replica sets';

/** Stages mingo runs as mongod does. */
const SUPPORTED_STAGES = new Set([
  '$addFields', '$bucket', '$bucketAuto', '$count', '$densify', '$documents', '$facet', '$fill', '$graphLookup', '$group',
  '$limit', '$lookup', '$match', '$project', '$redact', '$replaceRoot', '$replaceWith', '$sample', '$set',
  '$setWindowFields', '$skip', '$sort', '$sortByCount', '$unionWith', '$unset', '$unwind', '$collStats', '$indexStats',
  '$listLocalSessions',
]);
/** Stages that read the catalogue instead of documents: only valid first (mongod: 40602). */
const SOURCE_STAGES = new Set(['$collStats', '$indexStats', '$listLocalSessions']);
/** Stages of mongod 7 the dev server does not implement (238). */
const MONGOD_ONLY_STAGES = new Set([
  '$changeStreamSplitLargeEvent', '$currentOp', '$geoNear',
  '$listSampledQueries', '$listSearchIndexes', '$listSessions', '$planCacheStats', '$search',
  '$searchMeta', '$shardedDataDistribution', '$vectorSearch', '$listCatalog',
]);

const stageName = (s: unknown): string => Object.keys(s as Doc)[0];

/**
 * `$listLocalSessions: {}` or `{allUsers: bool}`: the server's cached sessions (without
 * authentication every session is the current, unauthenticated user's). `users` → 238.
 */
function listLocalSessions(sessions: LocalSessionCache, spec: unknown): Doc[] {
  if (!isPlainObject(spec)) fail(ErrorCode.TypeMismatch, `$listLocalSessions must be an object, found ${bsonTypeName(spec)}`);
  for (const k of Object.keys(spec)) {
    if (k === 'users') notImplemented('aggregate', "the $listLocalSessions option 'users'");
    if (k !== 'allUsers') fail(ErrorCode.UnknownField, `BSON field '$listLocalSessions.${k}' is an unknown field.`);
  }
  const all = spec['allUsers'];
  if (all !== undefined && typeof all !== 'boolean') fail(ErrorCode.TypeMismatch, `BSON field '$listLocalSessions.allUsers' is the wrong type '${bsonTypeName(all)}', expected type 'bool'`);
  return sessions.list();
}

/** `$sample: {size: n}` as mongod parses it (28745–28749). */
function checkSample(spec: unknown): void {
  if (!isPlainObject(spec)) fail(28745, 'the $sample stage specification must be an object');
  for (const k of Object.keys(spec)) if (k !== 'size') fail(28748, `unrecognized option to $sample: ${k}`);
  const size = spec['size'];
  if (size === undefined) fail(28749, '$sample stage must specify a size');
  if (typeof size !== 'number') fail(28746, 'size argument to $sample must be a number');
  if (size < 0) fail(28747, 'size argument to $sample must not be negative');
}

function checkStage(stage: Doc, position: number, stages: readonly Doc[]): void {
  const name = stageName(stage);
  checkOutputPosition(name, position, stages.length);
  if (OUTPUT_STAGES.has(name)) return;
  if (name === '$changeStream') fail(40602, '$changeStream is only valid as the first stage in a pipeline');
  if (SOURCE_STAGES.has(name) && position > 0) fail(40602, `${name} is only valid as the first stage in a pipeline`);
  if (name === '$sample') checkSample(stage[name]);
  if (SUPPORTED_STAGES.has(name)) return;
  if (MONGOD_ONLY_STAGES.has(name)) notImplemented('aggregate', `the stage ${name}`);
  fail(ErrorCode.UnrecognizedPipelineStage, `Unrecognized pipeline stage name: '${name}'`);
}

function* copies(docs: Iterable<Doc>): Generator<Doc, void, undefined> {
  for (const d of docs) yield deepCopy(d);
}

/** mingo computes on JS numbers: int64 / decimal128 / int-looking doubles enter later stages as numbers. */
function* numericCopies(docs: Iterable<Doc>): Generator<Doc, void, undefined> {
  for (const d of docs) yield hasWrapped(d) ? numericView(d) : deepCopy(d);
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

const isConstant = (v: unknown): boolean => typeof v === 'number' || v === null || typeof v === 'boolean';

/**
 * Stages whose result cannot depend on a collation: `$count`, a `$group` with a constant `_id`
 * and `$sum`s of constants (countDocuments' shape), and `$project`/`$unset` selecting fields.
 */
function comparesNoValues(stage: Doc): boolean {
  const name = stageName(stage);
  const spec = stage[name];
  if (name === '$count' || name === '$unset') return true;
  if (name === '$project') return isPlainObject(spec) && Object.values(spec).every(isConstant);
  if (name !== '$group' || !isPlainObject(spec) || !isConstant(spec['_id'])) return false;
  return Object.entries(spec).every(([k, v]) => k === '_id' || (isPlainObject(v) && Object.keys(v).length === 1 && isConstant(v['$sum'])));
}

/** The leading stages the planner answers, and the rest. */
interface PushedDown {
  readonly filter: Doc | undefined;
  readonly sort: Doc | undefined;
  readonly skip: number;
  /** undefined = no limit. */
  readonly limit: number | undefined;
  readonly rest: Doc[];
}

const isCount = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

function pushDown(stages: Doc[]): PushedDown {
  let i = 0;
  let filter: Doc | undefined;
  let sort: Doc | undefined;
  let skip = 0;
  let limit: number | undefined;
  const first = stages[0];
  if (first && stageName(first) === '$match' && isPlainObject(first['$match'])) {
    filter = first['$match'];
    i++;
  }
  const sortStage = stages[i];
  const sortSpec = sortStage && stageName(sortStage) === '$sort' ? sortStage['$sort'] : undefined;
  const plainSort = isPlainObject(sortSpec) && Object.keys(sortSpec).length > 0 && Object.entries(sortSpec).every(([k, d]) => !k.startsWith('$') && (d === 1 || d === -1));
  if (plainSort) {
    sort = sortSpec;
    i++;
  }
  for (; i < stages.length; i++) {
    const s = stages[i];
    const v = s[stageName(s)];
    if (stageName(s) === '$skip' && isCount(v, 0)) {
      skip += limit === undefined ? v : Math.min(v, limit);
      if (limit !== undefined) limit = Math.max(0, limit - v);
    } else if (stageName(s) === '$limit' && isCount(v, 1)) {
      limit = limit === undefined ? v : Math.min(limit, v);
    } else {
      break;
    }
  }
  return { filter, sort, skip, limit, rest: stages.slice(i) };
}

function* window(docs: Iterable<Doc>, skip: number, limit: number | undefined): Generator<Doc, void, undefined> {
  if (limit === 0) return;
  let seen = 0;
  let taken = 0;
  for (const d of docs) {
    if (seen++ < skip) continue;
    yield d;
    if (++taken === limit) return;
  }
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
  if (stages.length > 0 && stageName(stages[0]) === '$changeStream') fail(ErrorCode.ChangeStreamReplicaSetOnly, CHANGE_STREAM_MSG);
  (stages as Doc[]).forEach(checkStage);
  checkSubPipelines(stages);
  if (ctx.body['explain'] === true) return explainAggregate(ctx, ctx.body, 'queryPlanner');
  const cursorOpt = optionalDoc(ctx.body, 'cursor');
  if (!cursorOpt) fail(ErrorCode.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
  const collation = collationArg('aggregate', ctx.body);
  const variables = letArg(ctx.body);
  const hint = hintArg('aggregate', ctx.body, dbLevel ? undefined : ctx.engine.getCollection(ctx.db, target));
  ctx.stats.opcounters.command++;

  const last = (stages as Doc[])[stages.length - 1];
  const output = last && OUTPUT_STAGES.has(stageName(last)) ? last : undefined;
  if (output) checkOutputStage(ctx.engine, ctx.db, output);
  let rest = output ? (stages as Doc[]).slice(0, -1) : (stages as Doc[]);
  let source: Iterable<Doc> = [];
  const first = rest[0];
  if (first && stageName(first) === '$listLocalSessions') {
    if (!dbLevel) fail(ErrorCode.InvalidNamespace, '$listLocalSessions must be run against the database with {aggregate: 1}, not a collection');
    source = listLocalSessions(ctx.sessions, first['$listLocalSessions']);
    rest = rest.slice(1);
  } else if (first && SOURCE_STAGES.has(stageName(first))) {
    if (dbLevel) fail(ErrorCode.InvalidNamespace, `${stageName(first)} must be run against a collection namespace`);
    const coll = ctx.engine.getCollection(ctx.db, target);
    const host = `${ctx.server.host}:${ctx.server.port}`;
    source = stageName(first) === '$collStats' ? [collStatsStage(first['$collStats'], `${ctx.db}.${target}`, host, coll)] : indexStatsStage(first['$indexStats'], host, coll);
    rest = rest.slice(1);
  } else if (!dbLevel) {
    const coll = ctx.engine.getCollection(ctx.db, target);
    const pushed = pushDown(rest);
    rest = pushed.rest;
    const { filter, skip, limit } = pushed;
    const req = scanRequest(filter, { collation, variables, hint });
    const matches = orderedMatches(coll, req, pushed.sort, limit === undefined ? 0 : skip + limit, ctx.stats);
    source = rest.length === 0 ? copies(window(matches, skip, limit)) : numericCopies(window(matches, skip, limit));
  }
  const resolver = (name: string): Doc[] => {
    const c = ctx.engine.getCollection(ctx.db, name);
    return c ? [...numericCopies(c.docs.values())] : [];
  };
  // mingo's stages would compare strings binary: under a collation only the pushed-down stages
  // and stages that compare no values (counting, field selection) run
  const comparing = rest.find((s) => !comparesNoValues(s));
  if (collation && comparing) {
    notImplemented('aggregate', `a non-simple collation with stages other than a leading $match, $sort, $skip and $limit, counts and field selection (here ${stageName(comparing)})`);
  }
  const results = rest.length === 0 ? [...source] : runAggregation(source, rewriteCount(containsWrapped(rest) ? numericView(rest) : rest), { variables, collectionResolver: resolver });
  const ns = dbLevel ? `${ctx.db}.$cmd.aggregate` : `${ctx.db}.${target}`;
  if (output) {
    writeOutput(ctx.engine, ctx.db, output, results);
    return { cursor: { firstBatch: [], id: Long.ZERO, ns } };
  }
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
