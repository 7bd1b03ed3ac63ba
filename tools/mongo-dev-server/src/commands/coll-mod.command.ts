/**
 * `collMod` as a standalone mongod 7 runs it, for the index options the dev server implements
 * (`index: {keyPattern | name, ...}`):
 *  - `expireAfterSeconds`: a TTL index's seconds, or a single-field index made a TTL index
 *    (the TTL monitor reads it); replies `expireAfterSeconds_old` (when it had one) and `_new`;
 *  - `prepareUnique: true|false`: the index then rejects writes adding a key another document
 *    holds (11000) while existing duplicates stay; replies `prepareUnique_old` and `_new`;
 *  - `unique: true`: turns a `prepareUnique` index into a unique one (72 without
 *    `prepareUnique`); documents sharing a key → 359 CannotConvertIndexToUnique with
 *    `violations: [{ids: [...]}]` and nothing changed; replies `unique_new: true`;
 *  - `hidden: true|false`: a hidden index is kept up to date (uniqueness, TTL) but no plan
 *    uses it and hinting it fails (2, as for a missing index); listIndexes shows
 *    `hidden: true`; replies `hidden_old` and `hidden_new`.
 * Errors: missing collection 26, no index with that name/key pattern 27, both or neither of
 * `keyPattern`/`name` or no option to change 72, unknown index fields 40415. Refused with 238:
 * `index.forceNonUnique`, `unique: false`, `unique: true` on an index with a collation, and
 * every collection option
 * (`validator`, `validationLevel`/`validationAction`, `viewOn`/`pipeline`,
 * `changeStreamPreAndPostImages`, `expireAfterSeconds`, `timeseries`, `cappedSize`/`cappedMax`,
 * `dryRun`; see `command-options.ts`). A `collMod` with nothing to change succeeds.
 */
import type { CommandContext, CommandTable } from './command.types';
import type { Doc } from '../storage/doc.types';
import type { IndexSpec } from '../storage/index-spec.model';
import type { SecondaryIndex } from '../storage/secondary.index';
import type { CollectionStore } from '../storage/collection.store';
import { collectionArg } from './command-args.util';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { isPlainObject } from '../util/bson-value.util';
import { bsonTypeName } from '../util/bson-type-name.util';
import { formatDoc, formatValue } from '../util/bson-format.util';

const INDEX_FIELDS = new Set(['keyPattern', 'name', 'expireAfterSeconds', 'prepareUnique', 'unique', 'hidden', 'forceNonUnique']);

function boolField(spec: Doc, field: string): boolean | undefined {
  const v = spec[field];
  if (v === undefined || typeof v === 'boolean') return v;
  return fail(ErrorCode.TypeMismatch, `BSON field 'collMod.index.${field}' is the wrong type '${bsonTypeName(v)}', expected type 'bool'`);
}

function targetIndex(coll: CollectionStore, spec: Doc): SecondaryIndex {
  const { keyPattern, name } = spec;
  if (keyPattern !== undefined && name !== undefined) fail(ErrorCode.InvalidOptions, 'Cannot specify both key pattern and name.');
  if (keyPattern === undefined && name === undefined) fail(ErrorCode.InvalidOptions, 'no name or key pattern specified');
  if (name !== undefined && typeof name !== 'string') fail(ErrorCode.TypeMismatch, `BSON field 'collMod.index.name' is the wrong type '${bsonTypeName(name)}', expected type 'string'`);
  if (keyPattern !== undefined && !isPlainObject(keyPattern)) fail(ErrorCode.TypeMismatch, `BSON field 'collMod.index.keyPattern' is the wrong type '${bsonTypeName(keyPattern)}', expected type 'object'`);
  const found = coll.findIndex(typeof name === 'string' ? name : (keyPattern as Doc));
  if (!found) fail(ErrorCode.IndexNotFound, `cannot find index ${typeof name === 'string' ? name : formatDoc(keyPattern as Doc)} for ns ${coll.ns}`);
  return found;
}

/** `_id`s of the documents sharing a key of `ix`, one group per key. */
function uniqueViolations(coll: CollectionStore, ix: SecondaryIndex): Doc[] {
  const owners = new Map<string, unknown[]>();
  for (const doc of coll.docs.values()) {
    for (const k of ix.keysFor(doc)) {
      const ids = owners.get(k.key);
      if (ids) ids.push(doc['_id']);
      else owners.set(k.key, [doc['_id']]);
    }
  }
  return [...owners.values()].filter((ids) => ids.length > 1).map((ids) => ({ ids }));
}

function modifyIndex(coll: CollectionStore, raw: unknown): Doc {
  if (!isPlainObject(raw)) fail(ErrorCode.TypeMismatch, `BSON field 'collMod.index' is the wrong type '${bsonTypeName(raw)}', expected type 'object'`);
  for (const k of Object.keys(raw)) if (!INDEX_FIELDS.has(k)) fail(ErrorCode.UnknownField, `BSON field 'collMod.index.${k}' is an unknown field.`);
  if (raw['forceNonUnique'] !== undefined) notImplemented('collMod', "the index option 'forceNonUnique'");
  const ix = targetIndex(coll, raw);
  const expire = raw['expireAfterSeconds'];
  const prepareUnique = boolField(raw, 'prepareUnique');
  const unique = boolField(raw, 'unique');
  const hidden = boolField(raw, 'hidden');
  if (expire === undefined && prepareUnique === undefined && unique === undefined && hidden === undefined) {
    fail(ErrorCode.InvalidOptions, 'no expireAfterSeconds, hidden, unique, or prepareUnique field');
  }
  if (unique === false) notImplemented('collMod', "'unique: false' (converting a unique index to non-unique)");
  const old = ix.spec;
  const stored: Doc = { ...old.stored };
  const reply: Doc = {};
  let next: IndexSpec = old;
  if (expire !== undefined) {
    if (typeof expire !== 'number' || !Number.isFinite(expire) || expire < 0) fail(ErrorCode.InvalidOptions, `TTL index 'expireAfterSeconds' option must be a non-negative number: ${formatValue(expire)}`);
    if (Object.keys(old.key).length !== 1) fail(ErrorCode.InvalidOptions, 'TTL indexes are single-field indexes, compound indexes do not support TTL.');
    if (old.expireAfterSeconds !== undefined) reply['expireAfterSeconds_old'] = old.expireAfterSeconds;
    reply['expireAfterSeconds_new'] = expire;
    stored['expireAfterSeconds'] = expire;
    next = { ...next, expireAfterSeconds: expire };
  }
  if (hidden !== undefined) {
    reply['hidden_old'] = old.hidden === true;
    reply['hidden_new'] = hidden;
    if (hidden) stored['hidden'] = true;
    else delete stored['hidden'];
    next = { ...next, hidden };
  }
  if (prepareUnique !== undefined && !old.unique) {
    reply['prepareUnique_old'] = old.prepareUnique === true;
    reply['prepareUnique_new'] = prepareUnique;
    if (prepareUnique) stored['prepareUnique'] = true;
    else delete stored['prepareUnique'];
    next = { ...next, prepareUnique };
  }
  if (unique === true && !old.unique) {
    if (next.prepareUnique !== true) fail(ErrorCode.InvalidOptions, "Cannot make index unique with 'prepareUnique=false'. Run collMod to set it first.");
    // the violation check compares binary keys: equal-under-collation keys would slip through
    if (old.collation) notImplemented('collMod', "'unique: true' on an index with a non-simple collation");
    const violations = uniqueViolations(coll, ix);
    if (violations.length > 0) {
      fail(ErrorCode.CannotConvertIndexToUnique, 'Cannot convert the index to unique. Please resolve conflicting documents before running collMod again.', { violations });
    }
    reply['unique_new'] = true;
    delete stored['prepareUnique'];
    stored['unique'] = true;
    next = { ...next, unique: true, prepareUnique: undefined };
  }
  coll.modifyIndex({ ...next, stored });
  return reply;
}

function collMod(ctx: CommandContext): Doc {
  const name = collectionArg(ctx);
  const coll = ctx.engine.getCollection(ctx.db, name);
  if (!coll) fail(ErrorCode.NamespaceNotFound, 'ns does not exist');
  return ctx.body['index'] === undefined ? {} : modifyIndex(coll, ctx.body['index']);
}

export const collModCommands: CommandTable = { collMod };
