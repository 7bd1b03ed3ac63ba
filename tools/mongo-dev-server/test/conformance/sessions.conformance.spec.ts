/** Conformance: the standalone's logical session cache as `$listLocalSessions` shows it. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Binary } from 'mongodb';
import { coll, conformance, rejection } from './conformance.harness';

conformance('sessions', (env) => {
  it('$listLocalSessions lists a session once a command used it, with its uid and last use', async () => {
    const { client } = env();
    const session = client.startSession();
    try {
      await coll(env, 'sessions_c').findOne({}, { session });
      const id = session.id?.['id'];
      assert.ok(id instanceof Binary);
      const listed = await client.db('admin').aggregate([{ $listLocalSessions: {} }, { $match: { '_id.id': id } }]).toArray();
      assert.equal(listed.length, 1);
      assert.ok(listed[0]?.['_id']['uid'] instanceof Binary);
      assert.ok(listed[0]?.['lastUse'] instanceof Date);
      const all = await client.db('admin').aggregate([{ $listLocalSessions: { allUsers: true } }, { $match: { '_id.id': id } }]).toArray();
      assert.equal(all.length, 1);
    } finally {
      await session.endSession();
    }
  });

  it('$listLocalSessions must come first (40602), on the database (73), with known fields (40415)', async () => {
    const admin = env().client.db('admin');
    assert.equal((await rejection(admin.aggregate([{ $match: {} }, { $listLocalSessions: {} }]).toArray()))['code'], 40602);
    assert.equal((await rejection(coll(env, 'sessions_c').aggregate([{ $listLocalSessions: {} }]).toArray()))['code'], 73);
    assert.equal((await rejection(admin.aggregate([{ $listLocalSessions: { bogus: 1 } }]).toArray()))['code'], 40415);
  });
});
