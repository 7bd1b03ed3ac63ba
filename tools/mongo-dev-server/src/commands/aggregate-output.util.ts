/**
 * The output stages of `aggregate`, `$out` and `$merge`, as a standalone mongod 7 runs them.
 * Both must be the last stage (40601); the pipeline before them runs first, then:
 *  - `$out: 'coll'` or `{db, coll}`: the results replace the target collection at once. The
 *    new contents are built in a fresh collection carrying the target's options and indexes
 *    (mongod's temporary collection + rename), so any failure (11000 on `_id` or a unique
 *    index, invalid `_id`) leaves the target as it was; other clients never see a partial
 *    result (commands run one at a time). Documents without `_id` get an ObjectId.
 *    `system.*` targets → 17385, `admin`/`config`/`local` → 31321; `timeseries` → 238.
 *  - `$merge: 'coll'` or `{into, on, whenMatched, whenNotMatched}`: each result is written in
 *    order, not atomically (like mongod, writes before a failure stay). `on` (default `_id`)
 *    must be covered by a unique, non-partial index of the target with exactly those fields
 *    (51183; a missing target only admits `_id`; matches are found through that index);
 *    each result needs every `on` field, not null nor an array (51132). `whenMatched`:
 *    `merge` (default, sets the result's fields), `replace`, `keepExisting`, `fail` (the
 *    insert's own 11000); `whenNotMatched`: `insert` (default), `discard`, `fail` (13113).
 *    Unsupported combinations → 51181; `system.*` → 31319, `admin`/`config`/`local` → 31320;
 *    `let` without a pipeline → 51199. A pipeline `whenMatched` → 238. Unknown fields → 40415.
 * Inside a sub-pipeline both are refused as mongod refuses them: `$facet` 40600, `$lookup`
 * 51047, `$unionWith` 31441. The command answers an empty cursor (id 0).
 */
import type { Doc } from '../storage/doc.types';
import type { StorageEngine } from '../storage/storage.engine';
import type { SecondaryIndex } from '../storage/secondary.index';
import { CollectionStore, pkOf } from '../storage/collection.store';
import { validateCollectionName, validateDbName } from '../storage/storage.engine';
import { keyOf } from '../storage/index-key.util';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { bsonTypeName } from '../util/bson-type-name.util';
import { formatValue } from '../util/bson-format.util';
import { isPlainObject } from '../util/bson-value.util';
import { ensureIdFirst } from '../query/upsert-seed.util';

export const OUTPUT_STAGES = new Set(['$out', '$merge']);

interface Namespace {
  readonly db: string;
  readonly coll: string;
}

const WHEN_MATCHED = ['replace', 'keepExisting', 'merge', 'fail'] as const;
const WHEN_NOT_MATCHED = ['insert', 'discard', 'fail'] as const;
type WhenMatched = (typeof WHEN_MATCHED)[number];
type WhenNotMatched = (typeof WHEN_NOT_MATCHED)[number];

/** mongod's supported (whenMatched, whenNotMatched) pairs. */
const SUPPORTED_MODES = new Set([
  'replace/insert', 'replace/discard', 'replace/fail', 'merge/insert', 'merge/discard', 'merge/fail', 'keepExisting/insert', 'fail/insert',
]);

interface MergeSpec {
  readonly into: Namespace;
  readonly on: readonly string[];
  readonly whenMatched: WhenMatched;
  readonly whenNotMatched: WhenNotMatched;
}

/** `$out`/`$merge` anywhere but last → 40601. */
export function checkOutputPosition(name: string, position: number, count: number): void {
  if (OUTPUT_STAGES.has(name) && position !== count - 1) fail(40601, `${name} can only be the final stage in the pipeline`);
}

function namespaceOf(stage: string, spec: unknown, defaultDb: string, collField: string): Namespace {
  if (typeof spec === 'string') return { db: defaultDb, coll: spec };
  if (!isPlainObject(spec)) fail(ErrorCode.TypeMismatch, `${stage} stage requires a string or object argument, found ${bsonTypeName(spec)}`);
  for (const k of Object.keys(spec)) if (k !== 'db' && k !== collField) fail(ErrorCode.UnknownField, `BSON field '${stage}.${k}' is an unknown field.`);
  const db = spec['db'] ?? defaultDb;
  const coll = spec[collField];
  if (typeof db !== 'string') fail(ErrorCode.TypeMismatch, `BSON field '${stage}.db' is the wrong type '${bsonTypeName(db)}', expected type 'string'`);
  if (typeof coll !== 'string') fail(ErrorCode.TypeMismatch, `BSON field '${stage}.${collField}' is the wrong type '${bsonTypeName(coll)}', expected type 'string'`);
  return { db, coll };
}

const INTERNAL_DATABASES = new Set(['admin', 'config', 'local']);

function checkOutTarget(ns: Namespace): void {
  validateDbName(ns.db);
  validateCollectionName(ns.db, ns.coll);
  if (ns.coll.startsWith('system.')) fail(17385, `Can't $out to special collection: ${ns.coll}`);
  if (INTERNAL_DATABASES.has(ns.db)) fail(31321, `Can't $out to internal database: ${ns.db}`);
}

function checkMergeTarget(ns: Namespace): void {
  validateDbName(ns.db);
  validateCollectionName(ns.db, ns.coll);
  if (ns.coll.startsWith('system.')) fail(31319, `Cannot $merge to special collection: ${ns.coll}`);
  if (INTERNAL_DATABASES.has(ns.db)) fail(31320, `Cannot $merge to internal database: ${ns.db}`);
}

/** Where each sub-pipeline refuses the output stages (mongod's stage constraints). */
const SUB_PIPELINE_REFUSALS: Readonly<Record<string, readonly [number, string]>> = {
  $facet: [40600, 'is not allowed to be used within a $facet stage'],
  $lookup: [51047, "is not allowed within a $lookup's sub-pipeline"],
  $unionWith: [31441, "is not allowed within a $unionWith's sub-pipeline"],
};

function subPipelines(stage: Doc): { readonly owner: string; readonly stages: unknown[] }[] {
  const owner = Object.keys(stage)[0];
  const spec = stage[owner];
  if (!isPlainObject(spec)) return [];
  if (owner === '$facet') return Object.values(spec).filter(Array.isArray).map((stages) => ({ owner, stages }));
  if ((owner === '$lookup' || owner === '$unionWith') && Array.isArray(spec['pipeline'])) return [{ owner, stages: spec['pipeline'] }];
  return [];
}

/** Refuses `$out`/`$merge` inside `$facet`, `$lookup` and `$unionWith` sub-pipelines, at any depth. */
export function checkSubPipelines(stages: readonly unknown[]): void {
  for (const stage of stages) {
    if (!isPlainObject(stage)) continue;
    for (const sub of subPipelines(stage)) {
      for (const inner of sub.stages) {
        const name = isPlainObject(inner) ? Object.keys(inner)[0] : undefined;
        const refusal = SUB_PIPELINE_REFUSALS[sub.owner];
        if (name !== undefined && OUTPUT_STAGES.has(name) && refusal) fail(refusal[0], `${name} ${refusal[1]}`);
      }
      checkSubPipelines(sub.stages);
    }
  }
}

function outTarget(spec: unknown, db: string): Namespace {
  if (isPlainObject(spec) && spec['timeseries'] !== undefined) notImplemented('aggregate', "the $out option 'timeseries'");
  const ns = namespaceOf('$out', spec, db, 'coll');
  checkOutTarget(ns);
  return ns;
}

function parseMerge(spec: unknown, db: string): MergeSpec {
  if (typeof spec === 'string') {
    const into = namespaceOf('$merge', spec, db, 'coll');
    checkMergeTarget(into);
    return { into, on: ['_id'], whenMatched: 'merge', whenNotMatched: 'insert' };
  }
  if (!isPlainObject(spec)) fail(ErrorCode.TypeMismatch, `$merge requires a string or object argument, but found ${bsonTypeName(spec)}`);
  for (const k of Object.keys(spec)) {
    if (!['into', 'on', 'whenMatched', 'whenNotMatched', 'let'].includes(k)) fail(ErrorCode.UnknownField, `BSON field '$merge.${k}' is an unknown field.`);
  }
  if (spec['into'] === undefined) fail(40414, "BSON field '$merge.into' is missing but a required field");
  const into = namespaceOf('$merge', spec['into'], db, 'coll');
  const onRaw = spec['on'] ?? '_id';
  const on = typeof onRaw === 'string' ? [onRaw] : Array.isArray(onRaw) && onRaw.length > 0 && onRaw.every((f) => typeof f === 'string') ? onRaw : fail(51186, "$merge 'on' field must be either a string or an array of strings");
  if (new Set(on).size !== on.length) fail(31465, `Found a duplicate field '${on.find((f, i) => on.indexOf(f) !== i) ?? ''}'`);
  const wm = spec['whenMatched'] ?? 'merge';
  if (Array.isArray(wm)) notImplemented('aggregate', 'a pipeline in $merge.whenMatched');
  if (typeof wm !== 'string' || !(WHEN_MATCHED as readonly string[]).includes(wm)) fail(ErrorCode.BadValue, `Enumeration value '${formatValue(wm)}' for field '$merge.whenMatched' is not a valid value.`);
  const wnm = spec['whenNotMatched'] ?? 'insert';
  if (typeof wnm !== 'string' || !(WHEN_NOT_MATCHED as readonly string[]).includes(wnm)) fail(ErrorCode.BadValue, `Enumeration value '${formatValue(wnm)}' for field '$merge.whenNotMatched' is not a valid value.`);
  if (!SUPPORTED_MODES.has(`${wm}/${wnm}`)) fail(51181, `Combination of $merge modes 'whenMatched: ${wm}' and 'whenNotMatched: ${wnm}' is not supported`);
  checkMergeTarget(into);
  if (spec['let'] !== undefined) fail(51199, `Cannot use 'let' variables with 'whenMatched: ${wm}' mode`);
  return { into, on, whenMatched: wm as WhenMatched, whenNotMatched: wnm as WhenNotMatched };
}

/** Validates the output stage before anything runs (targets, modes, `on` index). */
export function checkOutputStage(engine: StorageEngine, db: string, stage: Doc): void {
  const name = Object.keys(stage)[0];
  if (name === '$out') outTarget(stage[name], db);
  else if (name === '$merge') uniqueIndexFor(engine, parseMerge(stage[name], db));
}

/** Runs `$out`/`$merge` on the pipeline's results. */
export function writeOutput(engine: StorageEngine, db: string, stage: Doc, results: Iterable<Doc>): void {
  const name = Object.keys(stage)[0];
  if (name === '$out') replaceCollection(engine, outTarget(stage[name], db), results);
  else mergeInto(engine, parseMerge(stage[name], db), results);
}

function replaceCollection(engine: StorageEngine, ns: Namespace, results: Iterable<Doc>): void {
  const existing = engine.getCollection(ns.db, ns.coll);
  const fresh = new CollectionStore(ns.db, ns.coll, existing?.options ?? {});
  for (const ix of existing?.indexes ?? []) fresh.createIndex(ix.spec);
  for (const doc of results) fresh.insert(ensureIdFirst(doc));
  engine.putCollection(fresh);
}

/** The values of the `on` fields of `doc`, in the order of `on` (51132 when one is missing, null or an array). */
function onValues(doc: Doc, on: readonly string[]): unknown[] {
  return on.map((f) => {
    let cur: unknown = doc;
    for (const p of f.split('.')) cur = isPlainObject(cur) ? cur[p] : undefined;
    if (cur === undefined || cur === null || Array.isArray(cur)) {
      fail(51132, `$merge write error: 'on' field '${f}' cannot be missing, null, undefined or an array`);
    }
    return cur;
  });
}

/**
 * `on: _id` needs nothing (undefined); other `on` fields need a unique, non-partial index
 * with simple collation on exactly them (51183).
 */
function uniqueIndexFor(engine: StorageEngine, spec: MergeSpec): SecondaryIndex | undefined {
  if (spec.on.length === 1 && spec.on[0] === '_id') return undefined;
  const target = engine.getCollection(spec.into.db, spec.into.coll);
  const wanted = [...spec.on].sort().join('\0');
  const found = target?.indexes.find((ix) => ix.spec.unique && ix.spec.partialFilterExpression === undefined && ix.spec.collation === undefined && Object.values(ix.spec.key).every((d) => d === 1 || d === -1) && Object.keys(ix.spec.key).sort().join('\0') === wanted);
  return found ?? fail(51183, 'Cannot find index to verify that join fields will be unique');
}

/** The target document whose `on` fields equal those of `doc` (through `index`, or by `_id`). */
function matchOf(target: CollectionStore, index: SecondaryIndex | undefined, on: readonly string[], doc: Doc): Doc | undefined {
  const values = onValues(doc, on);
  if (!index) return target.get(pkOf(doc));
  const byField = new Map(on.map((f, i) => [f, values[i]]));
  const pks: string[] = [];
  index.lookup(index.fieldNames.map((f) => byField.get(f)), pks);
  return pks.length > 0 ? target.get(pks[0]) : undefined;
}

function mergeInto(engine: StorageEngine, spec: MergeSpec, results: Iterable<Doc>): void {
  const byId = spec.on.length === 1 && spec.on[0] === '_id';
  const all = [...results];
  const index = uniqueIndexFor(engine, spec);
  const target = engine.getOrCreateCollection(spec.into.db, spec.into.coll);
  for (const raw of all) {
    const doc = byId ? ensureIdFirst(raw) : raw;
    const existing = matchOf(target, index, spec.on, doc);
    if (!existing) {
      if (spec.whenNotMatched === 'fail') fail(13113, '$merge could not find a matching document in the target collection for at least one document in the source collection');
      if (spec.whenNotMatched === 'insert') target.insert(ensureIdFirst(doc));
      continue;
    }
    if (spec.whenMatched === 'fail') target.insert(ensureIdFirst(doc)); // the insert's own 11000
    if (spec.whenMatched === 'keepExisting' || spec.whenMatched === 'fail') continue;
    if (doc['_id'] !== undefined && keyOf(doc['_id']) !== pkOf(existing)) {
      fail(ErrorCode.ImmutableField, "$merge write error: Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    const next: Doc = spec.whenMatched === 'replace' ? { _id: existing['_id'] } : { ...existing };
    for (const [k, v] of Object.entries(doc)) if (k !== '_id') next[k] = v;
    target.replace(existing, next);
  }
}
