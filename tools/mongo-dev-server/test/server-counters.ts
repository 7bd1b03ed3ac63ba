/** Test helper: the dev server's examination counters around one operation (serverStatus deltas). */
import type { Db, Document } from 'mongodb';

export interface Examined<T> {
  readonly result: T;
  /** Documents examined (`devServer.docsExamined` = `metrics.queryExecutor.scannedObjects`). */
  readonly docs: number;
  /** Index keys examined (`metrics.queryExecutor.scanned`). */
  readonly keys: number;
  readonly collectionScans: number;
}

async function snapshot(db: Db): Promise<{ docs: number; keys: number; scans: number }> {
  const s = await db.admin().command({ serverStatus: 1 });
  const dev = s['devServer'] as Document;
  const qe = (s['metrics'] as Document)['queryExecutor'] as Document;
  return { docs: Number(dev['docsExamined']), keys: Number(qe['scanned']), scans: Number(dev['collectionScans']) };
}

export async function examined<T>(db: Db, op: () => Promise<T>): Promise<Examined<T>> {
  const before = await snapshot(db);
  const result = await op();
  const after = await snapshot(db);
  return { result, docs: after.docs - before.docs, keys: after.keys - before.keys, collectionScans: after.scans - before.scans };
}
