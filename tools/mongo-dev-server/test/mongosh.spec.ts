/**
 * The official shell (`mongosh`, a devDependency) against an in-process dev server, headless
 * (`--quiet --eval`): the helpers a developer reaches for first. Each result is printed as one
 * relaxed-EJSON line and checked here.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startMongoDevServer } from '../src/index';
import type { MongoDevServer } from '../src/index';

const MONGOSH = path.resolve(__dirname, '../../../../node_modules/.bin/mongosh');

let server: MongoDevServer | undefined;
before(async () => {
  server = await startMongoDevServer({ port: 0 });
});
after(async () => {
  await server?.close();
});

const SCRIPT = `
const out = (label, v) => print(label + ' ' + EJSON.stringify(v, { relaxed: true }));
out('insert', db.items.insertOne({ _id: 1, name: 'b', qty: 5 }));
db.items.insertMany([{ _id: 2, name: 'a', qty: 1 }, { _id: 3, name: 'c', qty: 9 }]);
out('find', db.items.find({ qty: { $gt: 1 } }).sort({ qty: -1 }).limit(1).toArray());
out('count', db.items.countDocuments());
out('createIndex', db.items.createIndex({ name: 1 }));
out('indexes', db.items.getIndexes().map((i) => i.name));
const s = db.items.stats();
out('stats', { ns: s.ns, count: s.count, nindexes: s.nindexes, hasSize: s.size > 0 });
out('dbs', db.adminCommand({ listDatabases: 1 }).databases.map((d) => d.name));
try { rs.status(); out('rs', 'no error'); } catch (e) { out('rs', { code: e.code, codeName: e.codeName }); }
out('explain', db.items.find({ name: 'a' }).explain().queryPlanner.winningPlan.inputStage.indexName);
out('aggregate', db.items.aggregate([{ $group: { _id: null, total: { $sum: '$qty' } } }]).toArray());
out('serverStatus', typeof db.serverStatus().connections.current);
`;

async function mongosh(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [MONGOSH, '--quiet', '--norc', ...args], { timeout: 120_000, env: { ...process.env, MONGOSH_NO_TELEMETRY: '1', DO_NOT_TRACK: '1' } });
  return stdout;
}

it('mongosh runs the everyday helpers against the dev server', async () => {
  const url = (server?.url ?? '').replace('/?', '/shelltest?');
  const lines = new Map<string, unknown>();
  for (const line of (await mongosh([url, '--eval', SCRIPT])).split('\n')) {
    const i = line.indexOf(' ');
    if (i > 0) lines.set(line.slice(0, i), JSON.parse(line.slice(i + 1)));
  }
  assert.deepEqual(lines.get('insert'), { acknowledged: true, insertedId: 1 });
  assert.deepEqual(lines.get('find'), [{ _id: 3, name: 'c', qty: 9 }]);
  assert.equal(lines.get('count'), 3);
  assert.equal(lines.get('createIndex'), 'name_1');
  assert.deepEqual(lines.get('indexes'), ['_id_', 'name_1']);
  assert.deepEqual(lines.get('stats'), { ns: 'shelltest.items', count: 3, nindexes: 2, hasSize: true });
  const dbs = lines.get('dbs') as string[];
  for (const name of ['admin', 'local', 'shelltest']) assert.ok(dbs.includes(name), `${name} in ${dbs.join(',')}`);
  assert.deepEqual(lines.get('rs'), { code: 76, codeName: 'NoReplicationEnabled' });
  assert.equal(lines.get('explain'), 'name_1');
  assert.deepEqual(lines.get('aggregate'), [{ _id: null, total: 15 }]);
  assert.equal(lines.get('serverStatus'), 'number');
});

it('mongosh `show dbs` and `show collections` list what a standalone has', async () => {
  const url = (server?.url ?? '').replace('/?', '/shelltest?');
  const dbs = await mongosh([url, '--eval', 'show dbs']);
  assert.match(dbs, /^admin\s/m);
  assert.match(dbs, /^local\s/m);
  assert.match(dbs, /^shelltest\s/m);
  assert.match(await mongosh([url, '--eval', 'show collections']), /^items$/m);
});
