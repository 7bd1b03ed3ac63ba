/**
 * Single-statement write primitives shared by the `update`, `delete` and `findAndModify`
 * commands: find the target(s), apply the update all-or-nothing per document, maintain
 * indexes (unique violations throw 11000 before anything changes), and perform upserts.
 */
import type { CollectionStore } from '../storage/collection.store';
import type { StorageEngine } from '../storage/storage.engine';
import type { Doc } from '../storage/doc.types';
import type { ServerStats } from '../util/server-stats';
import { orderedMatches, scanMatches, scanRequest } from './doc-scan';
import type { Collation } from './collation.util';
import { checkUpdateUnderCollation } from './collation.util';
import type { ScanRequest } from './doc-scan';
import { applyUpdate, classifyUpdate } from './update.engine';
import { buildUpsertDocument } from './upsert-seed.util';

export interface WriteTarget {
  readonly engine: StorageEngine;
  readonly db: string;
  readonly coll: string;
}

export interface UpdateStatement {
  readonly filter: Doc | undefined;
  readonly update: Doc | Doc[];
  readonly multi: boolean;
  readonly upsert: boolean;
  readonly arrayFilters: Doc[] | undefined;
  readonly collation: Collation | undefined;
  /** The command, for refusals ('update' or 'findAndModify'). */
  readonly command: string;
  readonly sort?: Doc | undefined;
  readonly hint?: unknown;
  /** Evaluated `let` variables (filter `$expr` and pipeline updates). */
  readonly variables?: Doc | undefined;
}

export interface UpdateStatementResult {
  readonly matched: number;
  readonly modified: number;
  readonly upsertedId?: unknown;
  /** For single-document updates: the document before and after (undefined if none). */
  readonly before?: Doc | undefined;
  readonly after?: Doc | undefined;
}

/** Finds the single target of a non-multi write, honouring `sort` when given. */
export function findTarget(coll: CollectionStore | undefined, req: ScanRequest, sort: Doc | undefined, stats: ServerStats): Doc | undefined {
  for (const doc of orderedMatches(coll, req, sort, 1, stats)) return doc;
  return undefined;
}

export function performUpdate(target: WriteTarget, st: UpdateStatement): UpdateStatementResult {
  const { engine } = target;
  const stats = engine.stats;
  const kind = classifyUpdate(st.update);
  if (st.collation) checkUpdateUnderCollation(st.command, st.update, st.arrayFilters);
  const req = scanRequest(st.filter, st);
  let coll = engine.getCollection(target.db, target.coll);
  const ctx = { filter: st.filter, arrayFilters: st.arrayFilters, isUpsertInsert: false, variables: st.variables };

  if (!st.multi) {
    const doc = findTarget(coll, req, st.sort, stats);
    if (doc && coll) {
      const out = applyUpdate(doc, st.update, kind, ctx);
      if (out.modified) coll.replace(doc, out.doc);
      return { matched: 1, modified: out.modified ? 1 : 0, before: doc, after: out.modified ? out.doc : doc };
    }
  } else {
    const docs = [...scanMatches(coll, req, stats)];
    if (docs.length > 0 && coll) {
      let modified = 0;
      for (const doc of docs) {
        const out = applyUpdate(doc, st.update, kind, ctx);
        if (!out.modified) continue;
        coll.replace(doc, out.doc);
        modified++;
      }
      return { matched: docs.length, modified };
    }
  }
  if (!st.upsert) return { matched: 0, modified: 0 };
  const inserted = buildUpsertDocument(st.filter, st.update, kind, st.arrayFilters, st.variables);
  coll ??= engine.getOrCreateCollection(target.db, target.coll);
  coll.insert(inserted);
  return { matched: 0, modified: 0, upsertedId: inserted['_id'], after: inserted };
}

export interface DeleteStatement {
  readonly filter: Doc | undefined;
  readonly limitOne: boolean;
  readonly collation: Collation | undefined;
  readonly sort?: Doc | undefined;
  readonly hint?: unknown;
  readonly variables?: Doc | undefined;
}

/** Deletes the first (limit 1) or all matching documents; returns the deleted documents. */
export function performDelete(target: WriteTarget, st: DeleteStatement): Doc[] {
  const { limitOne, sort } = st;
  const stats = target.engine.stats;
  const coll = target.engine.getCollection(target.db, target.coll);
  if (!coll) return [];
  const req = scanRequest(st.filter, st);
  if (limitOne) {
    const doc = findTarget(coll, req, sort, stats);
    if (!doc) return [];
    coll.remove(doc);
    return [doc];
  }
  const docs = [...scanMatches(coll, req, stats)];
  for (const doc of docs) coll.remove(doc);
  return docs;
}
