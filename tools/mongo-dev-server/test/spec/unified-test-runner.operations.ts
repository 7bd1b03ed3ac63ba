/**
 * Operations of the format's `testRunner` object that the in-scope files use: session
 * assertions (`assertSessionDirty`/`assertSessionNotDirty` read the driver's server session;
 * `assertSameLsidOnLastTwoCommands`/`assertDifferentLsidOnLastTwoCommands` compare the `lsid`
 * of a client's last two observed commandStartedEvents), catalogue assertions
 * (`assertCollectionExists`/`NotExists`, `assertIndexExists`/`NotExists`, read through a
 * separate client) and `createEntities`. Anything else throws `UnsupportedOperation`.
 */
import { EJSON } from 'bson';
import { MongoClient } from 'mongodb';
import type { ClientSession, CommandStartedEvent } from 'mongodb';
import { UnsupportedOperation } from './unified-operations';

type Rec = Record<string, unknown>;

export interface RunnerState {
  readonly url: string;
  readonly entities: ReadonlyMap<string, unknown>;
  /** The commandStartedEvents observed on client `id`, in order. */
  startedCommands(id: string): CommandStartedEvent[];
  createEntities(defs: Rec[]): Promise<void>;
}

function session(state: RunnerState, args: Rec): ClientSession {
  const s = state.entities.get(String(args['session'])) as ClientSession | undefined;
  if (!s) throw new Error(`no session entity ${String(args['session'])}`);
  return s;
}

function lastTwoLsids(state: RunnerState, args: Rec): [string, string] {
  const started = state.startedCommands(String(args['client']));
  if (started.length < 2) throw new Error(`expected two commandStartedEvents on ${String(args['client'])}, observed ${started.length}`);
  const lsid = (e: CommandStartedEvent | undefined): string => EJSON.stringify(e?.command['lsid']);
  return [lsid(started[started.length - 2]), lsid(started[started.length - 1])];
}

async function withClient<T>(url: string, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

async function collectionExists(url: string, args: Rec): Promise<boolean> {
  return withClient(url, async (c) => (await c.db(String(args['databaseName'])).listCollections({ name: args['collectionName'] }).toArray()).length > 0);
}

async function indexExists(url: string, args: Rec): Promise<boolean> {
  return withClient(url, async (c) => {
    const db = c.db(String(args['databaseName']));
    if ((await db.listCollections({ name: args['collectionName'] }).toArray()).length === 0) return false;
    return (await db.collection(String(args['collectionName'])).listIndexes().toArray()).some((ix) => ix['name'] === args['indexName']);
  });
}

function expect(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

export async function runTestRunnerOperation(state: RunnerState, name: string, args: Rec): Promise<void> {
  switch (name) {
    case 'assertSessionDirty':
      return expect(session(state, args).serverSession?.isDirty === true, 'expected the session to be dirty');
    case 'assertSessionNotDirty':
      return expect(session(state, args).serverSession?.isDirty !== true, 'expected the session not to be dirty');
    case 'assertSameLsidOnLastTwoCommands': {
      const [a, b] = lastTwoLsids(state, args);
      return expect(a === b, `expected the same lsid on the last two commands, got ${a} and ${b}`);
    }
    case 'assertDifferentLsidOnLastTwoCommands': {
      const [a, b] = lastTwoLsids(state, args);
      return expect(a !== b, `expected different lsids on the last two commands, got ${a} twice`);
    }
    case 'assertCollectionExists':
      return expect(await collectionExists(state.url, args), `expected collection ${String(args['collectionName'])} to exist`);
    case 'assertCollectionNotExists':
      return expect(!(await collectionExists(state.url, args)), `expected collection ${String(args['collectionName'])} not to exist`);
    case 'assertIndexExists':
      return expect(await indexExists(state.url, args), `expected index ${String(args['indexName'])} to exist`);
    case 'assertIndexNotExists':
      return expect(!(await indexExists(state.url, args)), `expected index ${String(args['indexName'])} not to exist`);
    case 'createEntities':
      return state.createEntities((args['entities'] ?? []) as Rec[]);
    default:
      throw new UnsupportedOperation(`testRunner operation '${name}'`);
  }
}
