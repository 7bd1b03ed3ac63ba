/**
 * The only place that talks to mingo. Everything query-language related (filter matching,
 * projection, update operators, pipeline updates, aggregation) is delegated to mingo here;
 * the rest of the server works with the small interfaces below.
 *
 * Performance note: mingo copies its operator context per Query/update, which dominates
 * the cost of tiny queries. Filters are therefore compiled with a query-operators-only
 * context unless they need expressions ($expr, $where, $jsonSchema, $function).
 */
import { Aggregator, Context, Query } from 'mingo';
import type * as MingoQueryModule from 'mingo/types/query';
import type * as MingoUpdaterModule from 'mingo/types/updater';
import type * as MingoUpdateOperators from 'mingo/types/operators/update';
import type { Options as MingoOptions } from 'mingo/types/types';
import type { AccumulatorOps, ExpressionOps, PipelineOps, ProjectionOps, QueryOps, WindowOps } from 'mingo/types/core/_internal';
import type * as MingoAggregatorModule from 'mingo/types/aggregator';
import type * as MingoLazyModule from 'mingo/types/lazy';
import type { Iterator as MingoIterator } from 'mingo/types/lazy';
import type { Doc } from '../storage/doc.types';
import type { Collation } from './collation.util';
import { collateFilter } from './collation.util';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { isPlainObject } from '../util/bson-value.util';
import { containsWrapped, hasWrapped, numericView } from '../util/bson-number.util';
import { simpleFilterMatcher, type Matcher } from './simple-filter.matcher';
import { applySimpleOperator } from './simple-update.operator';

// The root tsconfig uses node10 module resolution, which ignores package "exports"; these
// subpath modules are loaded with require() (Node honours "exports") and typed from mingo's d.ts.
/* eslint-disable @typescript-eslint/no-require-imports */
const { Query: BaseQuery } = require('mingo/query') as typeof MingoQueryModule;
const { Aggregator: BaseAggregator } = require('mingo/aggregator') as typeof MingoAggregatorModule;
const { update: mingoUpdate } = require('mingo/updater') as typeof MingoUpdaterModule;
const queryOperators = require('mingo/operators/query') as QueryOps;
const updateOperators = require('mingo/operators/update') as typeof MingoUpdateOperators;
const { Lazy } = require('mingo/lazy') as typeof MingoLazyModule;
const { isEqual } = require('mingo/util') as { isEqual: (a: unknown, b: unknown) => boolean };
/* eslint-enable @typescript-eslint/no-require-imports */

const QUERY_ONLY_CONTEXT = Context.init({ query: queryOperators });

export type { Matcher } from './simple-filter.matcher';

export interface QueryOptions {
  readonly collation?: Collation | undefined;
  readonly variables?: Doc | undefined;
}

const MATCH_ALL: Matcher = { test: () => true };
const NEEDS_EXPRESSIONS = new Set(['$expr', '$where', '$jsonSchema', '$function']);

function needsExpressions(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(needsExpressions);
  if (!isPlainObject(v)) return false;
  for (const k of Object.keys(v)) {
    if (NEEDS_EXPRESSIONS.has(k) || needsExpressions(v[k])) return true;
  }
  return false;
}

/** Translates mingo's parse errors to mongod's codes. */
function rethrowQueryError(err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  const op = /unknown (?:top level |query )?operator:? (\$\w+)/.exec(msg);
  if (op) fail(ErrorCode.BadValue, `unknown ${msg.includes('top level') ? 'top level ' : ''}operator: ${op[1] ?? ''}`);
  fail(ErrorCode.BadValue, msg);
}

/** Query operators of mongod 7 the dev server does not implement (238): text search, geo, server-side JavaScript. */
const UNIMPLEMENTED_QUERY_OPS = new Set(['$text', '$near', '$nearSphere', '$geoWithin', '$geoIntersects', '$where', '$function', '$accumulator']);

const NUMERIC_TYPE_ALIASES = new Set<unknown>(['double', 'int', 'long', 'decimal', 1, 16, 18, 19]);

/** `$type` naming int/long/double/decimal: mingo cannot tell them apart (it sees JS numbers). */
function typeSpecificNumber(arg: unknown): boolean {
  return Array.isArray(arg) ? arg.some((a) => NUMERIC_TYPE_ALIASES.has(a)) : NUMERIC_TYPE_ALIASES.has(arg);
}

function checkQueryOperators(v: unknown): void {
  if (Array.isArray(v)) {
    for (const e of v) checkQueryOperators(e);
    return;
  }
  if (!isPlainObject(v)) return;
  for (const k of Object.keys(v)) {
    if (UNIMPLEMENTED_QUERY_OPS.has(k)) notImplemented('query', `the operator ${k}`);
    if (k === '$type' && typeSpecificNumber(v[k])) notImplemented('query', `$type on a specific numeric type (${String(v[k])}); use 'number'`);
    checkQueryOperators(v[k]);
  }
}

export function compileFilter(filter: Doc | undefined, opts: QueryOptions = {}): Matcher {
  if (filter === undefined || filter === null) return MATCH_ALL;
  if (!isPlainObject(filter)) fail(ErrorCode.TypeMismatch, 'filter must be an object');
  if (Object.keys(filter).length === 0) return MATCH_ALL;
  const fast = opts.collation ? undefined : simpleFilterMatcher(filter, () => compileGeneralFilter(filter, opts));
  return fast ?? compileGeneralFilter(filter, opts);
}

/** The filter compiled by mingo (what `compileFilter` does for every filter the simple matcher does not take). */
export function compileGeneralFilter(filter: Doc, opts: QueryOptions = {}): Matcher {
  checkQueryOperators(filter);
  const collated = opts.collation ? collateFilter(filter, opts.collation) : undefined;
  const plain = collated ? collated.filter : filter;
  const criteria = containsWrapped(plain) ? numericView(plain) : plain;
  let query: { test(doc: Doc): boolean };
  try {
    const options: Partial<MingoOptions> = { variables: opts.variables };
    query = needsExpressions(criteria) ? new Query(criteria, options) : new BaseQuery(criteria, { ...options, context: QUERY_ONLY_CONTEXT });
  } catch (err) {
    return rethrowQueryError(err);
  }
  // documents holding int64 / decimal128 / int-looking doubles are matched on their numeric values
  if (collated) return { test: (doc) => query.test(collated.encode(hasWrapped(doc) ? numericView(doc) : doc)) };
  return { test: (doc) => query.test(hasWrapped(doc) ? numericView(doc) : doc) };
}

/** Applies a find-style projection (mingo semantics incl. $slice, $elemMatch, positional `.$`). */
export function projectDocs(docs: Doc[], projection: Doc, filter: Doc | undefined): Doc[] {
  const positional = Object.keys(projection).some((k) => k.endsWith('.$'));
  try {
    return new Query(positional && filter ? filter : {}, {}).find(docs, projection).all() as Doc[];
  } catch (err) {
    return rethrowQueryError(err);
  }
}

type UpdateOperatorFn = (expr: Doc, arrayFilters?: Doc[]) => (obj: Doc) => string[];
const UPDATE_OPERATORS = new Map<string, UpdateOperatorFn>(
  Object.entries(updateOperators).map(([name, fn]) => [name, fn as unknown as UpdateOperatorFn] as const),
);

/** Orders update paths like mongod ≥ 5.0: component-wise, numeric names numerically, others lexicographically. */
function comparePaths(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

/**
 * Applies update operators to `doc` in place; returns the modified paths (empty = no-op).
 * Fields are processed in path order across operators (mongod ≥ 5.0 semantics, so new
 * fields are appended in that order). Without a positional `$` (no `condition` needed),
 * `$set`, `$unset` and a plain `$push` on plain paths are applied directly
 * (`applySimpleOperator`, with mingo's results), and the other operators by mingo's operator
 * functions called with their default options, which avoids the updater's per-call context
 * construction. Cross-operator path conflicts are checked by the caller.
 */
export function applyModifier(doc: Doc, modifier: Doc, arrayFilters: Doc[] | undefined, condition: Doc | undefined): string[] {
  const entries: [string, string, unknown][] = [];
  for (const op of Object.keys(modifier)) {
    const arg = modifier[op] as Doc;
    for (const path of Object.keys(arg)) entries.push([op, path, arg[path]]);
  }
  if (entries.length > 1) entries.sort((a, b) => comparePaths(a[1], b[1]));
  const changed: string[] = [];
  for (const [op, path, value] of entries) {
    const simple = condition === undefined ? applySimpleOperator(doc, op, path, value, isEqual) : undefined;
    if (simple === undefined) changed.push(...applyOneWithMingo(doc, op, path, value, arrayFilters, condition));
    else if (simple) changed.push(path);
  }
  return changed;
}

/** One operator on one path, by mingo; returns the modified paths. */
export function applyOneWithMingo(doc: Doc, op: string, path: string, value: unknown, arrayFilters: Doc[] | undefined, condition: Doc | undefined): string[] {
  if (condition !== undefined) return mingoUpdate(doc, { [op]: { [path]: value } }, arrayFilters, condition, { cloneMode: 'copy' });
  const fn = UPDATE_OPERATORS.get(op);
  if (!fn) fail(ErrorCode.FailedToParse, `Unknown modifier: ${op}`);
  return fn({ [path]: value }, arrayFilters ?? [])(doc);
}

/**
 * Applies a pipeline-style update: the stages run as an aggregation over the one document
 * (all expression operators, `$$ROOT`, `let` variables); returns the new document.
 */
export function applyPipelineUpdate(doc: Doc, pipeline: Doc[], variables: Doc | undefined): Doc {
  let out: Doc[];
  try {
    out = new Aggregator(pipeline, { variables }).run<Doc>([doc]);
  } catch (err) {
    return rethrowQueryError(err);
  }
  const result = out[0];
  if (out.length !== 1 || !isPlainObject(result)) fail(ErrorCode.BadValue, 'the update pipeline must produce exactly one document');
  return result;
}

export interface AggregateOptions {
  readonly variables?: Doc | undefined;
  readonly collectionResolver: (name: string) => Doc[];
}

/** `size` distinct documents picked at random (all of them, shuffled, when there are fewer). */
export function sampleWithoutReplacement<T>(xs: readonly T[], size: number): T[] {
  const pool = [...xs];
  const n = Math.min(size, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(Math.random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, n);
}

/**
 * mingo's `$sample` draws with replacement (it can return more documents than there are, or
 * the same one twice); mongod never returns a document twice nor more than the collection holds.
 */
const sample = (coll: MingoIterator, expr: Doc): MingoIterator => coll.transform((xs) => Lazy(sampleWithoutReplacement(xs, Number(expr['size']))));
/* eslint-disable @typescript-eslint/no-require-imports */
const AGGREGATION_CONTEXT = Context.init({
  accumulator: require('mingo/operators/accumulator') as AccumulatorOps,
  expression: require('mingo/operators/expression') as ExpressionOps,
  pipeline: { ...(require('mingo/operators/pipeline') as PipelineOps), $sample: sample as unknown as PipelineOps[keyof PipelineOps] },
  projection: require('mingo/operators/projection') as ProjectionOps,
  query: queryOperators,
  window: require('mingo/operators/window') as WindowOps,
});
/* eslint-enable @typescript-eslint/no-require-imports */

export function runAggregation(source: Iterable<Doc>, pipeline: Doc[], opts: AggregateOptions): Doc[] {
  // mingo's own Aggregator merges its default operators over a given context: the base class takes it as is
  const agg = new BaseAggregator(pipeline, {
    variables: opts.variables,
    collectionResolver: opts.collectionResolver,
    context: AGGREGATION_CONTEXT,
  });
  return agg.run<Doc>(source as never);
}

/** Evaluates each value of `exprs` as an aggregation expression with no current document. */
export function evaluateExpressions(exprs: Doc): Doc {
  try {
    return new Aggregator([{ $replaceWith: exprs }], {}).run<Doc>([{}])[0] ?? {};
  } catch (err) {
    return rethrowQueryError(err);
  }
}
