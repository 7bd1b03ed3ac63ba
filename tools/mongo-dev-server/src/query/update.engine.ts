/**
 * Applies one update specification (operator document, replacement document, or
 * aggregation pipeline) to a document, all-or-nothing: the stored document is never
 * touched; a new document is returned, or a CommandError is thrown and nothing changes.
 * Operator semantics come from mingo; this file adds what mongod enforces on top (checks in
 * update-validation.util.ts): operator validation (code 9), `_id` immutability (66), type checks
 * (14/2), non-viable paths (28); plus `$setOnInsert` and `$currentDate`.
 */
import { Timestamp } from 'bson';
import type { Doc } from '../storage/doc.types';
import { keyOf } from '../storage/index-key.util';
import { ErrorCode, fail } from '../util/command.error';
import { formatValue } from '../util/bson-format.util';
import { deepCopy, isPlainObject } from '../util/bson-value.util';
import { bsonTypeName } from '../util/bson-type-name.util';
import { applyModifier, applyPipelineUpdate } from './mingo.adapter';
import { copyForUpdate } from './copy-for-update.util';
import { checkArrayFiltersUsed, validateOperators } from './update-validation.util';
import { promoteOverflows, typeArithmetic } from './typed-arithmetic.util';
import { hasWrapped } from '../util/bson-number.util';

export const UpdateKind = {
  Operators: 'operators',
  Replacement: 'replacement',
  Pipeline: 'pipeline',
} as const;
export type UpdateKindValue = (typeof UpdateKind)[keyof typeof UpdateKind];

const OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$push', '$pull', '$pullAll',
  '$addToSet', '$pop', '$rename', '$currentDate', '$setOnInsert', '$bit',
]);
const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export function classifyUpdate(u: unknown): UpdateKindValue {
  if (Array.isArray(u)) {
    for (const stage of u) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (name === undefined || !PIPELINE_STAGES.has(name)) {
        fail(ErrorCode.InvalidOptions, `${String(name)} is not allowed to be used within an update`);
      }
    }
    return UpdateKind.Pipeline;
  }
  if (!isPlainObject(u)) fail(ErrorCode.FailedToParse, 'Update argument must be either an object or an array');
  const keys = Object.keys(u);
  if (keys.length === 0 || !(keys[0]).startsWith('$')) return UpdateKind.Replacement;
  for (const k of keys) {
    if (!OPERATORS.has(k)) {
      fail(ErrorCode.FailedToParse, `Unknown modifier: ${k}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
    const arg = u[k];
    if (!isPlainObject(arg)) {
      fail(
        ErrorCode.FailedToParse,
        `Modifiers operate on fields but we found type ${bsonTypeName(arg)} instead. For example: {$mod: {<field>: ...}} not {${k}: ${formatValue(arg)}}`,
      );
    }
  }
  return UpdateKind.Operators;
}

export interface UpdateContext {
  /** The command's filter (needed for the positional `$` operator). */
  readonly filter: Doc | undefined;
  readonly arrayFilters: Doc[] | undefined;
  /** True when building the document an upsert inserts ($setOnInsert applies). */
  readonly isUpsertInsert: boolean;
  /** Evaluated `let` variables (pipeline updates). */
  readonly variables?: Doc | undefined;
}

export interface UpdateOutcome {
  readonly doc: Doc;
  readonly modified: boolean;
}

export function applyUpdate(doc: Doc, spec: Doc | Doc[], kind: UpdateKindValue, ctx: UpdateContext): UpdateOutcome {
  switch (kind) {
    case UpdateKind.Replacement:
      return applyReplacement(doc, spec as Doc);
    case UpdateKind.Pipeline:
      return applyPipeline(doc, spec as Doc[], ctx.variables);
    case UpdateKind.Operators:
      return applyOperators(doc, spec as Doc, ctx);
  }
}

function idChangedError(newId: unknown): never {
  fail(ErrorCode.ImmutableField, `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(newId)}`);
}

function withIdFirst(doc: Doc): Doc {
  const keys = Object.keys(doc);
  if (keys[0] === '_id' || !Object.prototype.hasOwnProperty.call(doc, '_id')) return doc;
  const out: Doc = { _id: doc['_id'] };
  for (const k of keys) if (k !== '_id') out[k] = doc[k];
  return out;
}

function applyReplacement(doc: Doc, replacement: Doc): UpdateOutcome {
  for (const k of Object.keys(replacement)) {
    if (k.startsWith('$')) {
      fail(ErrorCode.DollarPrefixedFieldName, `The dollar ($) prefixed field '${k}' in '${k}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith.`);
    }
  }
  const hasOldId = Object.prototype.hasOwnProperty.call(doc, '_id');
  const hasNewId = Object.prototype.hasOwnProperty.call(replacement, '_id');
  if (hasOldId && hasNewId && keyOf(doc['_id']) !== keyOf(replacement['_id'])) idChangedError(replacement['_id']);
  const out: Doc = {};
  if (hasOldId) out['_id'] = doc['_id'];
  else if (hasNewId) out['_id'] = replacement['_id'];
  for (const k of Object.keys(replacement)) if (k !== '_id') out[k] = deepCopy(replacement[k]);
  return { doc: out, modified: keyOf(out) !== keyOf(doc) };
}

function applyPipeline(doc: Doc, pipeline: Doc[], variables: Doc | undefined): UpdateOutcome {
  const result = applyPipelineUpdate(deepCopy(doc), pipeline, variables);
  if (Object.prototype.hasOwnProperty.call(doc, '_id')) {
    // like mongod, a pipeline whose result has no _id (e.g. $replaceRoot) keeps the document's _id
    if (!Object.prototype.hasOwnProperty.call(result, '_id')) result['_id'] = doc['_id'];
    else if (keyOf(result['_id']) !== keyOf(doc['_id'])) idChangedError(result['_id']);
  }
  const out = withIdFirst(result);
  return { doc: out, modified: keyOf(out) !== keyOf(doc) };
}

/** Merges `extra` into the `$set` of `modifier`, refusing paths already updated. */
function mergeIntoSet(modifier: Doc, extra: Doc): void {
  const set = { ...((modifier['$set'] as Doc | undefined) ?? {}) };
  for (const [path, v] of Object.entries(extra)) {
    if (Object.prototype.hasOwnProperty.call(set, path)) {
      fail(ErrorCode.ConflictingUpdateOperators, `Updating the path '${path}' would create a conflict at '${path}'`);
    }
    set[path] = v;
  }
  modifier['$set'] = set;
}

function currentDateValues(spec: Doc): Doc {
  const now = new Date();
  const out: Doc = {};
  for (const [path, v] of Object.entries(spec)) {
    if (v === true) out[path] = now;
    else if (isPlainObject(v) && v['$type'] === 'date') out[path] = now;
    else if (isPlainObject(v) && v['$type'] === 'timestamp') out[path] = new Timestamp({ t: Math.floor(now.getTime() / 1000), i: 1 });
    else if (v === false) out[path] = now;
    else fail(ErrorCode.BadValue, `${formatValue(v)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`);
  }
  return out;
}

const IMMUTABLE_MSG = (path: string): string => `Performing an update on the path '${path}' would modify the immutable field '_id'`;

function mapMingoUpdateError(err: unknown): never {
  const msg = err instanceof Error ? err.message : String(err);
  if (msg.includes('immutable field')) {
    const path = /path '([^']*)'/.exec(msg)?.[1] ?? '_id';
    fail(ErrorCode.ImmutableField, IMMUTABLE_MSG(path));
  }
  if (msg.includes('would create a conflict')) {
    const path = /path '([^']*)'/.exec(msg)?.[1] ?? '';
    fail(ErrorCode.ConflictingUpdateOperators, `Updating the path '${path}' would create a conflict at '${path}'`);
  }
  if (msg.includes('positional operator') || msg.includes("'.$'")) {
    fail(ErrorCode.BadValue, 'The positional operator did not find the match needed from the query.');
  }
  fail(ErrorCode.BadValue, msg);
}

function applyOperators(doc: Doc, spec: Doc, ctx: UpdateContext): UpdateOutcome {
  const modifier: Doc = {};
  let currentDate: Doc | undefined;
  let setOnInsert: Doc | undefined;
  for (const [op, arg] of Object.entries(spec)) {
    if (op === '$setOnInsert') setOnInsert = arg as Doc;
    else if (op === '$currentDate') currentDate = arg as Doc;
    else modifier[op] = arg;
  }
  checkArrayFiltersUsed(spec, modifier, ctx.arrayFilters);
  if (setOnInsert && ctx.isUpsertInsert) mergeIntoSet(modifier, setOnInsert);
  if (currentDate) mergeIntoSet(modifier, currentDateValues(currentDate));

  // _id: may be "set" to its current value; may be set once when an upsert seed has none.
  const copy = copyForUpdate(doc, modifier) ?? deepCopy(doc);
  let idAssigned = false;
  for (const [op, arg] of Object.entries(modifier)) {
    for (const path of Object.keys(arg as Doc)) {
      if (path !== '_id' && !path.startsWith('_id.')) continue;
      const hasId = Object.prototype.hasOwnProperty.call(copy, '_id');
      if (op === '$set' && path === '_id') {
        const v = (arg as Doc)[path];
        if (!hasId) {
          copy['_id'] = deepCopy(v);
          idAssigned = true;
        } else if (keyOf(v) !== keyOf(copy['_id'])) {
          fail(ErrorCode.ImmutableField, IMMUTABLE_MSG(path));
        }
        const rest = { ...(arg as Doc) };
        delete rest['_id'];
        modifier[op] = rest;
      } else if (hasId || !ctx.isUpsertInsert) {
        fail(ErrorCode.ImmutableField, IMMUTABLE_MSG(path));
      }
    }
  }
  validateOperators(copy, modifier, ctx.arrayFilters);
  const positionalArithmetic = typeArithmetic(copy, modifier, hasWrapped(doc));
  const positional = Object.values(modifier).some((arg) => Object.keys(arg as Doc).some((p) => /\.\$(\.|$)/.test(p)));
  let changed: string[];
  try {
    changed = applyModifier(copy, modifier, ctx.arrayFilters, positional ? ctx.filter : undefined);
  } catch (err) {
    return mapMingoUpdateError(err);
  }
  if (positionalArithmetic) promoteOverflows(doc, copy);
  const out = idAssigned ? withIdFirst(copy) : copy;
  return { doc: out, modified: idAssigned || changed.length > 0 };
}
