/**
 * Runs one set of conformance cases against (a) an in-process dev server on port 0 and
 * (b) a real MongoDB when CONFORMANCE_MONGO_URL is set (skipped with a message otherwise).
 * Each leg uses the official driver, its own random database, and drops it afterwards.
 */
import { after, before, describe } from 'node:test';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { Collection, Db, Document, ObjectId, UpdateFilter } from 'mongodb';
import { startMongoDevServer } from '../../src/index';
import type { MongoDevServer } from '../../src/index';

export const TargetKind = { Dev: 'dev-server', Real: 'real-mongod' } as const;
export type TargetKindValue = (typeof TargetKind)[keyof typeof TargetKind];

export interface ConformanceEnv {
  readonly kind: TargetKindValue;
  readonly client: MongoClient;
  readonly db: Db;
  readonly dbName: string;
  /** Connection string of the target (for tests that need their own client). */
  readonly url: string;
  /** hello() has no setName (standalone): transactions and change streams are refused. */
  readonly isStandalone: boolean;
}

export type EnvAccessor = () => ConformanceEnv;

/** Loosely typed documents: the cases use numeric/string _ids and arbitrary shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = { _id?: string | number | ObjectId; [key: string]: any };

/** Update documents the driver's typings cannot express over `Loose` (e.g. $push modifiers). */
export function upd(update: Document | Document[]): UpdateFilter<Loose> {
  return update;
}

export function coll(env: EnvAccessor, name: string): Collection<Loose> {
  return env().db.collection<Loose>(name);
}

const REAL_URL = process.env['CONFORMANCE_MONGO_URL'];

function leg(area: string, kind: TargetKindValue, cases: (env: EnvAccessor) => void): void {
  const skip = kind === TargetKind.Real && !REAL_URL ? 'CONFORMANCE_MONGO_URL is not set: real-MongoDB leg skipped' : false;
  describe(`conformance ${area} [${kind}]`, { skip }, () => {
    let server: MongoDevServer | undefined;
    let env: ConformanceEnv | undefined;
    before(async () => {
      let url = REAL_URL ?? '';
      if (kind === TargetKind.Dev) {
        server = await startMongoDevServer({ port: 0 });
        url = server.url;
      }
      const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
      await client.connect();
      const hello = await client.db('admin').command({ hello: 1 });
      const dbName = `conf_${area.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
      env = { kind, client, db: client.db(dbName), dbName, url, isStandalone: hello['setName'] === undefined && hello['msg'] !== 'isdbgrid' };
    });
    after(async () => {
      if (env) {
        await env.db.dropDatabase();
        await env.client.close();
      }
      if (server) await server.close();
    });
    cases(() => {
      if (!env) throw new Error('conformance environment not initialised');
      return env;
    });
  });
}

/** Declares `cases` once per target (dev server always; real MongoDB when configured). */
export function conformance(area: string, cases: (env: EnvAccessor) => void): void {
  leg(area, TargetKind.Dev, cases);
  leg(area, TargetKind.Real, cases);
}

/** Promise rejection assertion that also returns the error for further checks. */
export async function rejection(p: Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await p;
  } catch (err) {
    return err as Record<string, unknown> & Error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

/**
 * Runs `op`; on the dev server a 238 NotImplemented refusal is accepted in place of mongod's
 * behaviour (checked by `check` everywhere else). Returns whether it was refused.
 */
export async function exactOrRefused<T>(env: EnvAccessor, op: () => Promise<T>, check: (v: T) => void | Promise<void>): Promise<boolean> {
  let value: T;
  try {
    value = await op();
  } catch (err) {
    const e = err as Record<string, unknown>;
    if (env().kind === TargetKind.Dev && e['code'] === 238) {
      // a write error carries no codeName (mongod's writeErrors are {index, code, errmsg})
      if ((e['codeName'] !== undefined && e['codeName'] !== 'NotImplemented') || !/mongo-dev-server does not implement/.test((err as Error).message)) throw err;
      return true;
    }
    throw err;
  }
  await check(value);
  return false;
}
