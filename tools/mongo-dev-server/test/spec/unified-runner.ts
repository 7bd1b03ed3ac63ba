/**
 * A small Unified Test Format runner (schema 1.x) for the spec files of `SPEC_DIRECTORIES`
 * under `SPEC_DIR`: only the entities (client, database, collection, session, find/command
 * cursors), operations and expectations those files use. Each test gets fresh entities on the
 * server at `url`; its outcome is `pass`, `fail` (with the first mismatch) or `skip` with the
 * reason:
 *  - `runOnRequirements` that exclude a standalone mongod 7.0 without auth or serverless;
 *  - what a standalone or a plain mongod lacks: transactions, `configureFailPoint` (a test
 *    command), connection-pool (CMAP) or topology (SDAM) event expectations;
 *  - a command-monitoring expectation declared unsupported (`unified-unsupported-expectations.ts`);
 *  - an operation or entity this runner does not implement (said by name).
 * Events of sensitive commands (and of hello with `speculativeAuthenticate`) are observed only
 * on clients with `observeSensitiveCommands: true`, as the format requires.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EJSON } from 'bson';
import { CommandStartedEvent, MongoClient, MongoServerError } from 'mongodb';
import type { ClientSession, CommandFailedEvent, CommandSucceededEvent, Document } from 'mongodb';
import { match } from './unified-match.util';
import { UnsupportedOperation, bulkResult, runOperation } from './unified-operations';
import { runTestRunnerOperation } from './unified-test-runner.operations';
import type { RunnerState } from './unified-test-runner.operations';
import { unsupportedExpectation } from './unified-unsupported-expectations';

export const SERVER_VERSION = [7, 0, 0] as const;

export const Status = { Pass: 'pass', Fail: 'fail', Skip: 'skip' } as const;
export type StatusValue = (typeof Status)[keyof typeof Status];

export interface TestOutcome {
  /** `<file>: <test description>` */
  readonly id: string;
  readonly status: StatusValue;
  readonly reason: string;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v ?? {}) as Rec;
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const list = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : []);

class Skip extends Error {}

function versionOf(v: unknown): number[] {
  return String(v).split('.').map((p) => Number(p));
}

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Why a standalone 7.0 does not satisfy any of `reqs` (undefined: it satisfies one). */
function unmetRequirements(reqs: Rec[] | undefined): string | undefined {
  if (!reqs || reqs.length === 0) return undefined;
  const reasons = reqs.map((r): string | undefined => {
    if (r['minServerVersion'] !== undefined && compareVersions(SERVER_VERSION, versionOf(r['minServerVersion'])) < 0) return `needs server >= ${text(r['minServerVersion'])}`;
    if (r['maxServerVersion'] !== undefined && compareVersions(SERVER_VERSION, versionOf(r['maxServerVersion'])) > 0) return `needs server <= ${text(r['maxServerVersion'])}`;
    const topologies = r['topologies'] as string[] | undefined;
    if (topologies && !topologies.includes('single')) return `needs topology ${topologies.join('/')}`;
    if (r['serverless'] === 'require') return 'needs serverless';
    if (r['auth'] === true) return 'needs auth';
    if (r['csfle'] === true) return 'needs client-side encryption';
    if (r['serverParameters'] !== undefined) return `needs server parameters ${JSON.stringify(r['serverParameters'])}`;
    return undefined;
  });
  return reasons.includes(undefined) ? undefined : `runOnRequirements: ${[...new Set(reasons)].join('; ')}`;
}

/** The directories of mongodb/specifications the runner is measured on (issue 9). */
export const SPEC_DIRECTORIES = [
  'source/crud/tests/unified',
  'source/collection-management/tests',
  'source/index-management/tests',
  'source/run-command/tests/unified',
  'source/sessions/tests',
  'source/unified-test-format/tests/valid-pass',
] as const;

/** Commands the driver sends on its own when clients close (endSessions) or the runner's fail points. */
const IGNORED_COMMANDS = new Set(['configureFailPoint', 'endSessions']);
/**
 * Sensitive commands (Command Logging and Monitoring spec): their events are observed only
 * with `observeSensitiveCommands: true`. A hello/legacy hello is sensitive when it carries
 * `speculativeAuthenticate`; the driver then redacts its command to `{}`.
 */
const SENSITIVE_COMMANDS = new Set(['authenticate', 'saslStart', 'saslContinue', 'getnonce', 'createUser', 'updateUser', 'copydbgetnonce', 'copydbsaslstart', 'copydb']);
const HELLO_COMMANDS = new Set(['hello', 'ismaster', 'isMaster']);
const TRANSACTION_OPERATIONS = new Set(['startTransaction', 'commitTransaction', 'abortTransaction', 'withTransaction']);
const UNSUPPORTED_RUNNER_OPERATIONS: Readonly<Record<string, string>> = {
  failPoint: 'needs configureFailPoint (a mongod test command, only with enableTestCommands)',
  targetedFailPoint: 'needs configureFailPoint (a mongod test command, only with enableTestCommands)',
  assertNumberConnectionsCheckedOut: 'connection-pool state of the driver, not a server property',
};

type ObservedEvent = { readonly type: string; readonly event: CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent };

interface ClientEntity {
  readonly client: MongoClient;
  readonly events: ObservedEvent[];
}

class TestContext {
  readonly entities = new Map<string, unknown>();
  readonly clients = new Map<string, ClientEntity>();

  constructor(private readonly url: string) {}

  async create(defs: Rec[]): Promise<void> {
    for (const def of defs) {
      const [kind, spec] = Object.entries(def)[0] as [string, Rec];
      const id = String(spec['id']);
      if (kind === 'client') {
        const observe = new Set((spec['observeEvents'] as string[] | undefined) ?? []);
        for (const t of observe) if (!t.startsWith('command')) throw new Skip(`observes ${t} (driver events other than command monitoring)`);
        const ignored = new Set([...IGNORED_COMMANDS, ...((spec['ignoreCommandMonitoringEvents'] as string[] | undefined) ?? [])]);
        const serverApi = spec['serverApi'] as { version: '1' } | undefined;
        const client = new MongoClient(this.url, { ...rec(spec['uriOptions']), ...(serverApi ? { serverApi } : {}), monitorCommands: true, serverSelectionTimeoutMS: 5000 });
        const events: ObservedEvent[] = [];
        const observeSensitive = spec['observeSensitiveCommands'] === true;
        const sensitiveRequests = new Set<number>();
        for (const type of ['commandStarted', 'commandSucceeded', 'commandFailed'] as const) {
          client.on(type, (event: CommandStartedEvent | CommandSucceededEvent | CommandFailedEvent) => {
            if (event instanceof CommandStartedEvent && isSensitive(event)) sensitiveRequests.add(event.requestId);
            if (!observeSensitive && sensitiveRequests.has(event.requestId)) return;
            if (observe.has(`${type}Event`) && !ignored.has(event.commandName)) events.push({ type: `${type}Event`, event });
          });
        }
        await client.connect();
        this.clients.set(id, { client, events });
        this.entities.set(id, client);
      } else if (kind === 'database') {
        const client = this.clients.get(String(spec['client']))?.client;
        this.entities.set(id, client?.db(String(spec['databaseName']), rec(spec['databaseOptions'])));
      } else if (kind === 'collection') {
        const db = this.entities.get(String(spec['database'])) as { collection(n: string, o: Rec): unknown };
        this.entities.set(id, db.collection(String(spec['collectionName']), rec(spec['collectionOptions'])));
      } else if (kind === 'session') {
        const client = this.clients.get(String(spec['client']))?.client;
        this.entities.set(id, client?.startSession(rec(spec['sessionOptions'])));
      } else {
        throw new Skip(`entity type '${kind}' is not implemented by the runner`);
      }
    }
  }

  runnerState(): RunnerState {
    return {
      url: this.url,
      entities: this.entities,
      startedCommands: (id) => (this.clients.get(id)?.events ?? []).filter((o) => o.type === 'commandStartedEvent').map((o) => o.event as CommandStartedEvent),
      createEntities: (defs) => this.create(defs),
    };
  }

  async close(): Promise<void> {
    for (const v of this.entities.values()) if (isSession(v)) await v.endSession().catch(() => undefined);
    for (const c of this.clients.values()) await c.client.close().catch(() => undefined);
  }
}

function isSensitive(event: CommandStartedEvent): boolean {
  if (SENSITIVE_COMMANDS.has(event.commandName)) return true;
  return HELLO_COMMANDS.has(event.commandName) && Object.keys(event.command).length === 0;
}

const isSession = (v: unknown): v is ClientSession => typeof v === 'object' && v !== null && 'endSession' in v && 'inTransaction' in v;

function checkError(expected: Rec, err: unknown, ctx: TestContext): string | undefined {
  const e = err as Error & Record<string, unknown>;
  const server = err instanceof MongoServerError || typeof e['code'] === 'number';
  if (expected['isClientError'] === true && server) return `expected a client error, got server error ${String(e['code'])}: ${e.message}`;
  if (expected['isClientError'] === false && !server) return `expected a server error, got ${e.message}`;
  if (typeof expected['errorContains'] === 'string' && !e.message.toLowerCase().includes(expected['errorContains'].toLowerCase())) {
    return `error message '${e.message}' does not contain '${expected['errorContains']}'`;
  }
  if (expected['errorCode'] !== undefined && e['code'] !== expected['errorCode']) return `expected code ${text(expected['errorCode'])}, got ${String(e['code'])} (${e.message})`;
  if (expected['errorCodeName'] !== undefined && e['codeName'] !== expected['errorCodeName']) return `expected codeName ${text(expected['errorCodeName'])}, got ${String(e['codeName'])} (${e.message})`;
  const labels = (e['errorLabels'] as string[] | undefined) ?? [];
  for (const l of (expected['errorLabelsContain'] as string[] | undefined) ?? []) if (!labels.includes(l)) return `missing error label ${l}`;
  for (const l of (expected['errorLabelsOmit'] as string[] | undefined) ?? []) if (labels.includes(l)) return `unexpected error label ${l}`;
  if (expected['expectResult'] !== undefined) {
    const partial = e['result'] ? bulkResult(e['result'] as never) : undefined;
    return match(expected['expectResult'], partial, ctx.entities);
  }
  return undefined;
}

async function runOperations(ops: Rec[], ctx: TestContext): Promise<void> {
  for (const [i, op] of ops.entries()) {
    const name = String(op['name']);
    const args = rec(op['arguments']);
    const session = typeof args['session'] === 'string' ? (ctx.entities.get(args['session']) as ClientSession) : undefined;
    let result: unknown;
    let error: unknown;
    try {
      if (op['object'] === 'testRunner') await runTestRunnerOperation(ctx.runnerState(), name, args);
      else result = await runOperation({ object: ctx.entities.get(String(op['object'])), name, args, session });
    } catch (err) {
      if (err instanceof UnsupportedOperation) throw new Skip(`runner: ${err.message} is not implemented`);
      error = err;
    }
    const where = `operation ${i} (${name})`;
    if (op['ignoreResultAndError'] === true) continue;
    if (op['expectError'] !== undefined) {
      if (error === undefined) throw new Error(`${where}: expected an error, got ${EJSON.stringify(result, { relaxed: true })}`);
      const m = checkError(rec(op['expectError']), error, ctx);
      if (m) throw new Error(`${where}: ${m}`);
      continue;
    }
    if (error !== undefined) throw new Error(`${where}: unexpected error ${(error as Error).message}`);
    if (op['expectResult'] !== undefined) {
      const m = match(op['expectResult'], result, ctx.entities);
      if (m) throw new Error(`${where}: result${m}`);
    }
    if (typeof op['saveResultAsEntity'] === 'string') ctx.entities.set(op['saveResultAsEntity'], result);
  }
}

function checkEvents(expectations: Rec[], ctx: TestContext): void {
  for (const exp of expectations) {
    if ((exp['eventType'] ?? 'command') !== 'command') continue; // skipped before running (see preflight)
    const observed = ctx.clients.get(String(exp['client']))?.events ?? [];
    const expected = list(exp['events']);
    if (exp['ignoreExtraEvents'] !== true && observed.length !== expected.length) {
      throw new Error(`events: expected ${expected.length}, observed ${observed.length} (${observed.map((o) => `${o.type}:${o.event.commandName}`).join(', ')})`);
    }
    expected.forEach((e, i) => {
      const [type, spec] = Object.entries(e)[0] as [string, Rec];
      const o = observed[i];
      if (!o || o.type !== type) throw new Error(`event ${i}: expected ${type}, observed ${o ? `${o.type}:${o.event.commandName}` : 'none'}`);
      if (spec['commandName'] !== undefined && o.event.commandName !== spec['commandName']) throw new Error(`event ${i}: expected ${text(spec['commandName'])}, observed ${o.event.commandName}`);
      if (spec['databaseName'] !== undefined && (o.event as CommandStartedEvent).databaseName !== spec['databaseName']) throw new Error(`event ${i}: database differs`);
      const body = type === 'commandStartedEvent' ? (o.event as CommandStartedEvent).command : (o.event as CommandSucceededEvent).reply;
      const key = type === 'commandStartedEvent' ? 'command' : 'reply';
      if (spec[key] !== undefined) {
        const m = match(spec[key], body, ctx.entities);
        if (m) throw new Error(`event ${i} (${o.event.commandName}) ${key}${m}`);
      }
    });
  }
}

/** Why a test cannot run here at all (checked before touching the server). */
function preflight(file: Rec, test: Rec): string | undefined {
  if (test['skipReason'] !== undefined) return `the file skips it: ${text(test['skipReason'])}`;
  const unmet = unmetRequirements(file['runOnRequirements'] as Rec[] | undefined) ?? unmetRequirements(test['runOnRequirements'] as Rec[] | undefined);
  if (unmet) return unmet;
  for (const op of list(test['operations'])) {
    const name = String(op['name']);
    if (TRANSACTION_OPERATIONS.has(name)) return 'uses transactions (a standalone has none)';
    const why = UNSUPPORTED_RUNNER_OPERATIONS[name];
    if (why) return why;
  }
  for (const exp of list(test['expectEvents'])) {
    if ((exp['eventType'] ?? 'command') !== 'command') return `expects ${String(exp['eventType'])} events (driver connection pool / topology, not the server)`;
  }
  return unsupportedExpectation(list(test['operations']), list(test['expectEvents']));
}

async function seed(url: string, data: Rec[]): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    for (const d of data) {
      const db = client.db(String(d['databaseName']));
      const name = String(d['collectionName']);
      await db.dropCollection(name).catch(() => undefined);
      const docs = list(d['documents']) as Document[];
      if (docs.length === 0 || d['createOptions'] !== undefined) await db.createCollection(name, rec(d['createOptions']));
      if (docs.length > 0) await db.collection(name).insertMany(docs);
    }
  } finally {
    await client.close();
  }
}

async function checkOutcome(url: string, outcome: Rec[], ctx: TestContext): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  try {
    for (const o of outcome) {
      const docs = await client.db(String(o['databaseName'])).collection(String(o['collectionName'])).find({}, { sort: { _id: 1 } }).toArray();
      const m = match(o['documents'], docs, ctx.entities, false);
      if (m) throw new Error(`outcome ${String(o['collectionName'])}${m}`);
    }
  } finally {
    await client.close();
  }
}

async function runTest(url: string, file: Rec, test: Rec): Promise<{ status: StatusValue; reason: string }> {
  const why = preflight(file, test);
  if (why) return { status: Status.Skip, reason: why };
  const ctx = new TestContext(url);
  try {
    await seed(url, list(file['initialData']));
    await ctx.create(list(file['createEntities']));
    await runOperations(list(test['operations']), ctx);
    checkEvents(list(test['expectEvents']), ctx);
    await checkOutcome(url, list(test['outcome']), ctx);
    return { status: Status.Pass, reason: '' };
  } catch (err) {
    if (err instanceof Skip) return { status: Status.Skip, reason: err.message };
    return { status: Status.Fail, reason: (err as Error).message };
  } finally {
    await ctx.close();
  }
}

/** Every `*.json` of the in-scope directories (`SPEC_DIRECTORIES`, not their subdirectories) under `root`, sorted. */
export function specFiles(root: string): string[] {
  const out: string[] = [];
  for (const sub of SPEC_DIRECTORIES) {
    const dir = path.join(root, sub);
    if (!fs.existsSync(dir)) throw new Error(`no spec directory ${sub} under ${root}`);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) if (entry.isFile() && entry.name.endsWith('.json')) out.push(path.join(dir, entry.name));
  }
  return out.sort();
}

export async function runSpecFile(url: string, dir: string, file: string): Promise<TestOutcome[]> {
  const doc = EJSON.parse(fs.readFileSync(file, 'utf8'), { relaxed: true }) as Rec;
  const rel = path.relative(dir, file);
  const outcomes: TestOutcome[] = [];
  for (const test of list(doc['tests'])) {
    const r = await runTest(url, doc, test);
    outcomes.push({ id: `${rel}: ${String(test['description'])}`, ...r });
  }
  return outcomes;
}
