/** The database's clock against a real server, seen from a process whose own clock is an hour off. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnvironment, type TestEnvironment } from '@app/testing';
import { COLLECTION, DatabaseClock, LeaseRepository } from '@app/dal';

const HOUR = 3_600_000;

describe('database clock', () => {
  let env: TestEnvironment;

  before(async () => {
    env = await createTestEnvironment('clock');
  });

  after(async () => {
    await env.cleanup();
  });

  it('tells the server\'s time to a process whose clock runs an hour ahead', async () => {
    const skewed = DatabaseClock.over(env.db, () => Date.now() + HOUR);
    assert.ok(Math.abs(skewed.now().getTime() - Date.now() - HOUR) < 1_000, 'before it has synced: the local clock');
    await skewed.sync();
    assert.ok(Math.abs(skewed.now().getTime() - Date.now()) < 1_000, 'after: the database\'s (the server runs on this machine\'s clock)');
  });

  it('so that a lease taken by that process ends when the database says, not an hour late', async () => {
    const skewed = DatabaseClock.over(env.db, () => Date.now() + HOUR);
    await skewed.sync();
    const leases = new LeaseRepository(env.db, skewed);
    assert.equal(await leases.hold('clock-test', 'skewed-worker', 10_000), true);
    const stored = await env.db.collection<{ _id: string; until: Date }>(COLLECTION.LEASES).findOne({ _id: 'clock-test' });
    assert.ok(stored !== null && Math.abs(stored.until.getTime() - (Date.now() + 10_000)) < 1_000, `lease ends ${String(stored?.until.toISOString())}`);
  });
});
