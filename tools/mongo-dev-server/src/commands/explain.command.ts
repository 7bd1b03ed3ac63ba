/**
 * `explain` of find, count, distinct, aggregate, update, delete and findAndModify (and
 * `aggregate` with `explain: true`). Honest about what the dev server does: the query part is
 * run through the same planner and scan as the real command (writes are not performed), and
 * the reply reports the plan that ran — `IXSCAN` (index name and key pattern; `_id_` for the
 * `_id` map) under `FETCH`, or `COLLSCAN`, or `EOF` for a missing collection; `SORT` when
 * the index order does not give the requested sort; `SKIP`/`LIMIT`; `UPDATE`/`DELETE` on top
 * of writes — and, unless verbosity is `queryPlanner`, `executionStats` with `nReturned`,
 * `totalKeysExamined` and `totalDocsExamined` counted during that run. No rejected plans
 * are reported (the planner costs candidates, it does not race them).
 */
import type { CommandContext, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import type { Collation } from '../query/collation.util';
import { collationArg, hintArg, letArg, nonNegative, optionalDoc, optionalNumber } from './command-args.util';
import { checkCommandFields } from './command-options';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { isPlainObject } from '../util/bson-value.util';
import { orderedMatches, scanRequest } from '../query/doc-scan';
import { SERVER_VERSION } from './handshake.commands';

const VERBOSITIES = new Set(['queryPlanner', 'executionStats', 'allPlansExecution']);

interface QueryPart {
  readonly coll: string;
  readonly filter: Doc | undefined;
  readonly sort: Doc | undefined;
  readonly skip: number;
  /** 0 = no limit. */
  readonly limit: number;
  readonly write: 'UPDATE' | 'DELETE' | undefined;
  readonly hint: unknown;
  readonly collation: Collation | undefined;
  readonly variables: Doc | undefined;
}

function queryPart(ctx: CommandContext, cmd: string, inner: Doc): QueryPart {
  const collName = inner[cmd];
  if (typeof collName !== 'string') fail(ErrorCode.InvalidNamespace, `collection name has invalid type`);
  const coll = ctx.engine.getCollection(ctx.db, collName);
  const base = { coll: collName, variables: letArg(inner) };
  switch (cmd) {
    case 'find':
      return { ...base, filter: optionalDoc(inner, 'filter'), sort: optionalDoc(inner, 'sort'), skip: nonNegative(inner, 'skip') ?? 0, limit: Math.abs(optionalNumber(inner, 'limit') ?? 0), write: undefined, hint: hintArg(cmd, inner, coll), collation: collationArg(cmd, inner) };
    case 'count':
      return { ...base, filter: optionalDoc(inner, 'query'), sort: undefined, skip: nonNegative(inner, 'skip') ?? 0, limit: Math.abs(optionalNumber(inner, 'limit') ?? 0), write: undefined, hint: hintArg(cmd, inner, coll), collation: collationArg(cmd, inner) };
    case 'distinct':
      return { ...base, filter: optionalDoc(inner, 'query'), sort: undefined, skip: 0, limit: 0, write: undefined, hint: undefined, collation: collationArg(cmd, inner) };
    case 'findAndModify':
    case 'findandmodify':
      return { ...base, filter: optionalDoc(inner, 'query'), sort: optionalDoc(inner, 'sort'), skip: 0, limit: 1, write: inner['remove'] === true ? 'DELETE' : 'UPDATE', hint: hintArg(cmd, inner, coll), collation: collationArg(cmd, inner) };
    case 'update':
    case 'delete': {
      const list = inner[cmd === 'update' ? 'updates' : 'deletes'];
      if (!Array.isArray(list) || list.length !== 1 || !isPlainObject(list[0])) fail(ErrorCode.InvalidLength, `explained ${cmd} must have exactly one statement`);
      const st = list[0];
      const one = cmd === 'update' ? st['multi'] !== true : st['limit'] === 1;
      return { ...base, filter: optionalDoc(st, 'q'), sort: undefined, skip: 0, limit: one ? 1 : 0, write: cmd === 'update' ? 'UPDATE' : 'DELETE', hint: hintArg(cmd, st, coll), collation: collationArg(cmd, st) };
    }
    default:
      return notImplemented('explain', `explain of '${cmd}'`);
  }
}

function winningPlan(ctx: CommandContext, q: QueryPart): Doc {
  const plan = ctx.stats.lastPlan;
  let stage: Doc;
  if (plan === undefined) {
    stage = { stage: 'EOF' };
  } else if (plan.indexName === undefined) {
    stage = { stage: 'COLLSCAN', filter: q.filter ?? {}, direction: 'forward' };
  } else {
    const coll = ctx.engine.getCollection(ctx.db, q.coll);
    const spec = coll?.indexSpecs().find((s) => s.name === plan.indexName);
    stage = { stage: 'FETCH', filter: q.filter ?? {}, inputStage: { stage: 'IXSCAN', keyPattern: spec?.key ?? {}, indexName: plan.indexName, isUnique: spec?.unique ?? false, isSparse: spec?.sparse ?? false, isPartial: spec?.partialFilterExpression !== undefined, direction: 'forward' } };
  }
  if (plan !== undefined && plan.sortedPrefix < plan.sortFields) stage = { stage: 'SORT', sortPattern: q.sort ?? {}, memLimit: 104857600, type: 'simple', inputStage: stage };
  if (q.skip > 0) stage = { stage: 'SKIP', skipAmount: q.skip, inputStage: stage };
  if (q.limit > 0 && q.write === undefined) stage = { stage: 'LIMIT', limitAmount: q.limit, inputStage: stage };
  if (q.write !== undefined) stage = { stage: q.write, inputStage: stage };
  return stage;
}

/** Explains `inner` (a command document whose first field names the command). */
export function explainCommand(ctx: CommandContext, inner: Doc, verbosity: string, stages: Doc[] = []): Doc {
  const cmd = Object.keys(inner)[0] ?? '';
  const q = queryPart(ctx, cmd, inner);
  const coll = ctx.engine.getCollection(ctx.db, q.coll);
  const before = { docs: ctx.stats.docsExamined, keys: ctx.stats.keysExamined };
  ctx.stats.lastPlan = undefined;
  const started = Date.now();
  const wanted = q.limit > 0 ? q.skip + q.limit : 0;
  let n = 0;
  for (const doc of orderedMatches(coll, scanRequest(q.filter, q), q.sort, wanted, ctx.stats)) {
    void doc;
    n++;
    if (n === wanted) break;
  }
  const nReturned = Math.max(0, n - q.skip);
  const plan = winningPlan(ctx, q);
  const reply: Doc = {
    explainVersion: '1',
    queryPlanner: { namespace: `${ctx.db}.${q.coll}`, indexFilterSet: false, parsedQuery: q.filter ?? {}, planCacheUsed: false, winningPlan: plan, rejectedPlans: [] },
  };
  if (verbosity !== 'queryPlanner') {
    reply['executionStats'] = {
      executionSuccess: true,
      nReturned,
      executionTimeMillis: Date.now() - started,
      totalKeysExamined: ctx.stats.keysExamined - before.keys,
      totalDocsExamined: ctx.stats.docsExamined - before.docs,
      executionStages: plan,
    };
  }
  if (stages.length > 0) reply['stages'] = stages;
  reply['command'] = { ...inner, $db: ctx.db };
  reply['serverInfo'] = { host: ctx.server.host, port: ctx.server.port, version: SERVER_VERSION, gitVersion: 'mongo-dev-server' };
  return reply;
}

function explain(ctx: CommandContext): Doc {
  const inner = ctx.body['explain'];
  if (!isPlainObject(inner) || Object.keys(inner).length === 0) fail(ErrorCode.FailedToParse, 'explain command requires a nested object');
  const verbosity = ctx.body['verbosity'] ?? 'allPlansExecution';
  if (typeof verbosity !== 'string' || !VERBOSITIES.has(verbosity)) fail(ErrorCode.BadValue, `verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}`);
  const cmd = Object.keys(inner)[0] ?? '';
  checkCommandFields(cmd, inner);
  if (cmd === 'aggregate') return explainAggregate(ctx, inner, verbosity);
  return explainCommand(ctx, inner, verbosity);
}

/** The leading `$match` (and `$sort`) run through the planner; the other stages are listed. */
export function explainAggregate(ctx: CommandContext, inner: Doc, verbosity: string): Doc {
  const pipeline = Array.isArray(inner['pipeline']) ? (inner['pipeline'] as Doc[]) : [];
  let i = 0;
  const find: Doc = { find: inner['aggregate'] };
  if (pipeline[i] && isPlainObject(pipeline[i]['$match'])) find['filter'] = pipeline[i++]['$match'];
  if (pipeline[i] && isPlainObject(pipeline[i]['$sort'])) find['sort'] = pipeline[i++]['$sort'];
  if (inner['hint'] !== undefined) find['hint'] = inner['hint'];
  if (inner['collation'] !== undefined) find['collation'] = inner['collation'];
  if (inner['let'] !== undefined) find['let'] = inner['let'];
  return explainCommand(ctx, find, verbosity, pipeline.slice(i));
}

export const explainCommands: CommandTable = { explain };
