/**
 * The option audit: for every command with a strict parser in mongod 7 (IDL `strict: true`),
 * every field it accepts and what the dev server does with it. The dispatcher checks each
 * command body (and each update/delete statement) against it before the handler runs:
 *  - a field mongod does not know → 40415 "BSON field '<cmd>.<field>' is an unknown field."
 *    (e.g. `sort` in an update statement: a MongoDB 8.0 feature);
 *  - a field mongod supports and the dev server does not → 238 NotImplemented;
 *  - `Use.Ok` fields are implemented (their values may still be refused by the handler,
 *    e.g. a collation other than `simple`); `Use.NoOp` fields have no effect on a standalone
 *    mongod either, or are documented as accepted (README table).
 * Generic arguments (every command accepts them) are listed in `GENERIC`; `readConcern` and
 * `writeConcern` values are checked in `checkGenericArguments`.
 * Commands not listed here (handshake, diagnostics) are not strict in the dev server.
 */
import type { Doc } from '../storage/doc.types';
import { ErrorCode, fail, notImplemented } from '../util/command.error';
import { isPlainObject, toNumber } from '../util/bson-value.util';
import { formatValue } from '../util/bson-format.util';

export const Use = { Ok: 'ok', NoOp: 'no-op', Refused: 'refused' } as const;
export type UseValue = (typeof Use)[keyof typeof Use];

type Fields = Readonly<Record<string, UseValue>>;

export interface CommandOptions {
  readonly fields: Fields;
  /** Array field holding statements checked against `statement` (update.updates, delete.deletes). */
  readonly statements?: { readonly field: string; readonly fields: Fields };
}

/** mongod's generic arguments (src/mongo/idl/generic_argument.idl). */
const GENERIC = new Set([
  'apiVersion', 'apiStrict', 'apiDeprecationErrors', '$db', 'maxTimeMS', 'readConcern', 'writeConcern', 'lsid',
  'clientOperationKey', 'txnNumber', 'autocommit', 'startTransaction', 'stmtId', 'comment', '$readPreference',
  '$clusterTime', '$audit', '$client', '$configServerState', 'allowImplicitCollectionCreation', '$oplogQueryData',
  '$queryOptions', '$replData', 'databaseVersion', 'shardVersion', 'tracking_info', 'coordinator', 'maxTimeMSOpOnly',
  '$configTime', '$topologyTime', 'txnRetryCounter', 'mayBypassWriteBlocking', '$tenant', 'expectPrefix',
]);

const { Ok, NoOp, Refused } = Use;

const WRITE_BASE: Fields = {
  ordered: Ok,
  bypassDocumentValidation: NoOp, // no validator is ever enforced (create refuses `validator`): nothing to bypass
  stmtIds: Refused,
  collectionUUID: Refused,
  isTimeseriesNamespace: Refused,
  encryptionInformation: Refused,
};

export const COMMAND_OPTIONS: Readonly<Record<string, CommandOptions>> = {
  find: {
    fields: {
      filter: Ok, projection: Ok, sort: Ok, hint: Ok, collation: Ok, skip: Ok, limit: Ok, batchSize: Ok, singleBatch: Ok,
      let: Ok, noCursorTimeout: Ok, allowPartialResults: NoOp, allowDiskUse: NoOp,
      ntoreturn: Refused, min: Refused, max: Refused, returnKey: Refused, showRecordId: Refused, tailable: Refused,
      oplogReplay: Refused, awaitData: Refused, options: Refused, term: Refused, readOnce: Refused,
      allowSpeculativeMajorityRead: Refused, $_requestResumeToken: Refused, $_resumeAfter: Refused,
      runtimeConstants: Refused, collectionUUID: Refused,
    },
  },
  getMore: { fields: { collection: Ok, batchSize: Ok, term: Refused, lastKnownCommittedOpTime: Refused } },
  killCursors: { fields: { cursors: Ok } },
  insert: { fields: { documents: Ok, ...WRITE_BASE } },
  update: {
    fields: { updates: Ok, let: Ok, ...WRITE_BASE },
    statements: {
      field: 'updates',
      fields: { q: Ok, u: Ok, multi: Ok, upsert: Ok, arrayFilters: Ok, hint: Ok, collation: Ok, c: Refused, upsertSupplied: Refused, sampleId: NoOp },
    },
  },
  delete: {
    fields: { deletes: Ok, let: Ok, ...WRITE_BASE },
    statements: { field: 'deletes', fields: { q: Ok, limit: Ok, hint: Ok, collation: Ok, sampleId: NoOp } },
  },
  findAndModify: {
    fields: {
      query: Ok, sort: Ok, remove: Ok, update: Ok, new: Ok, fields: Ok, upsert: Ok, collation: Ok, arrayFilters: Ok,
      hint: Ok, let: Ok, bypassDocumentValidation: NoOp, sampleId: NoOp, collectionUUID: Refused, encryptionInformation: Refused,
    },
  },
  aggregate: {
    fields: {
      pipeline: Ok, cursor: Ok, explain: Ok, allowDiskUse: NoOp, collation: Ok, hint: Ok, let: Ok,
      bypassDocumentValidation: NoOp, collectionUUID: Refused, exchange: Refused, runtimeConstants: Refused,
      isMapReduceCommand: Refused, needsMerge: Refused, fromMongos: Refused, fromRouter: Refused,
      $_requestReshardingResumeToken: Refused, encryptionInformation: Refused,
    },
  },
  count: {
    fields: { query: Ok, limit: Ok, skip: Ok, hint: Ok, collation: Ok, fields: NoOp, collectionUUID: Refused, encryptionInformation: Refused },
  },
  distinct: { fields: { key: Ok, query: Ok, collation: Ok, sampleId: NoOp, mirrored: NoOp, collectionUUID: Refused } },
  createIndexes: { fields: { indexes: Ok, commitQuorum: Ok, ignoreUnknownIndexOptions: Refused, isTimeseriesNamespace: Refused, collectionUUID: Refused } },
  collMod: {
    fields: {
      index: Ok, validator: Refused, validationLevel: Refused, validationAction: Refused, viewOn: Refused, pipeline: Refused,
      changeStreamPreAndPostImages: Refused, expireAfterSeconds: Refused, timeseries: Refused, cappedSize: Refused,
      cappedMax: Refused, dryRun: Refused, collectionUUID: Refused, isTimeseriesNamespace: Refused,
      timeseriesBucketsMayHaveMixedSchemaData: Refused,
    },
  },
  listIndexes: { fields: { cursor: Ok, includeBuildUUIDs: Refused, includeIndexBuildInfo: Refused, collectionUUID: Refused, isTimeseriesNamespace: Refused } },
  dropIndexes: { fields: { index: Ok, collectionUUID: Refused, isTimeseriesNamespace: Refused } },
  listCollections: { fields: { filter: Ok, nameOnly: Ok, authorizedCollections: NoOp, cursor: Ok, includePendingDrops: NoOp } },
  create: {
    fields: {
      idIndex: Ok, capped: Refused, size: Refused, max: Refused, autoIndexId: Refused, validator: Refused,
      validationLevel: Refused, validationAction: Refused, indexOptionDefaults: Refused, viewOn: Refused, pipeline: Refused,
      collation: Refused, changeStreamPreAndPostImages: Refused, timeseries: Refused, clusteredIndex: Refused,
      expireAfterSeconds: Refused, storageEngine: Refused, encryptedFields: Refused, temp: Refused, flags: Refused,
      recordPreImages: Refused,
    },
  },
  drop: { fields: { collectionUUID: Refused } },
  renameCollection: { fields: { to: Ok, dropTarget: Ok, stayTemp: NoOp, collectionUUID: Refused } },
  dropDatabase: { fields: {} },
  explain: { fields: { verbosity: Ok } },
  listDatabases: { fields: { filter: Ok, nameOnly: Ok, authorizedDatabases: NoOp } },
};

function unknownField(path: string): never {
  fail(ErrorCode.UnknownField, `BSON field '${path}' is an unknown field.`);
}

function checkFields(cmd: string, prefix: string, doc: Doc, fields: Fields, skipFirst: boolean): void {
  const keys = Object.keys(doc);
  for (let i = skipFirst ? 1 : 0; i < keys.length; i++) {
    const k = keys[i];
    const use = fields[k];
    if (use === undefined) {
      if (skipFirst && GENERIC.has(k)) continue;
      unknownField(`${prefix}.${k}`);
    }
    if (use === Refused) notImplemented(cmd, `the option '${prefix}.${k}'`);
  }
}

/** Checks a command body's fields against the audit (no-op for commands not listed). */
export function checkCommandFields(name: string, body: Doc): void {
  const canonical = name === 'findandmodify' ? 'findAndModify' : name === 'deleteIndexes' ? 'dropIndexes' : name;
  const spec = COMMAND_OPTIONS[canonical];
  if (spec === undefined) return;
  checkFields(canonical, canonical, body, spec.fields, true);
  const st = spec.statements;
  if (st === undefined) return;
  const list = body[st.field];
  if (!Array.isArray(list)) return;
  for (const s of list) if (isPlainObject(s)) checkFields(canonical, `${canonical}.${st.field}`, s, st.fields, false);
}

const READ_LEVELS = new Set(['local', 'available', 'majority', 'linearizable', 'snapshot']);

/**
 * readConcern / writeConcern / maxTimeMS as a standalone mongod 7 answers them: `local`,
 * `available`, `majority` reads and `w: 0 | 1 | 'majority'` writes are what a standalone
 * gives anyway; snapshot and linearizable reads and `afterClusterTime` need a replica set.
 */
export function checkGenericArguments(name: string, body: Doc): void {
  const rc = body['readConcern'];
  if (rc !== undefined && rc !== null) {
    if (!isPlainObject(rc)) fail(ErrorCode.TypeMismatch, `BSON field 'readConcern' is the wrong type, expected type 'object'`);
    const level = rc['level'];
    if (level !== undefined) {
      if (typeof level !== 'string' || !READ_LEVELS.has(level)) {
        fail(ErrorCode.FailedToParse, `readConcern.level must be either 'local', 'majority', 'linearizable', 'available', or 'snapshot'`);
      }
      if (level === 'snapshot') fail(ErrorCode.NotAReplicaSet, 'node needs to be a replica set member to use readConcern: snapshot');
      if (level === 'linearizable') fail(ErrorCode.NotAReplicaSet, 'node needs to be a replica set member to use read concern');
    }
    if (rc['afterClusterTime'] !== undefined || rc['atClusterTime'] !== undefined) {
      fail(ErrorCode.NotAReplicaSet, 'node needs to be a replica set member to use read concern');
    }
    for (const k of Object.keys(rc)) {
      if (k !== 'level' && k !== 'afterClusterTime' && k !== 'atClusterTime' && k !== 'provenance' && k !== 'afterOpTime') {
        unknownField(`readConcern.${k}`);
      }
    }
  }
  const wc = body['writeConcern'];
  if (wc !== undefined && wc !== null) {
    if (!isPlainObject(wc)) fail(ErrorCode.FailedToParse, 'writeConcern must be an object');
    const w = wc['w'];
    if (w !== undefined && w !== 'majority') {
      if (typeof w === 'string') fail(ErrorCode.NotImplemented, `mongo-dev-server does not implement custom write concern tags (w: ${formatValue(w)}, command '${name}')`);
      const n = toNumber(w);
      if (!Number.isInteger(n) || n < 0) fail(ErrorCode.FailedToParse, `w has to be a non-negative number and not greater than 50; found: ${formatValue(w)}`);
      if (n > 1) fail(ErrorCode.BadValue, "cannot use 'w' > 1 with a standalone");
    }
  }
  const mt = body['maxTimeMS'];
  if (mt !== undefined && mt !== null) {
    const n = toNumber(mt);
    if (typeof mt === 'boolean' || !Number.isInteger(n) || n < 0 || n > 2147483647) fail(ErrorCode.BadValue, `${formatValue(mt)} value for maxTimeMS is out of range [0, 2147483647]`);
  }
}
