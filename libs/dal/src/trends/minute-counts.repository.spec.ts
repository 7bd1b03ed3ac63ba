/**
 * The per-minute trend counts against a real server: counts of several processes for the same
 * minute add up in one document per minute (one bulk per flush), each minute expires
 * TRENDS_RETENTION_DAYS after it (TTL index on `expiresAt`), a range read returns the minutes in
 * it oldest first, on the `at` index; counts whose write failed are kept for the next flush.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { retentionMs, type RetentionConfig } from '@app/config';
import { createTestEnvironment, type TestEnvironment } from '@app/testing';
import { COLLECTION, MinuteCountsRepository } from '@app/dal';

const RETENTION: RetentionConfig = { orderDays: 10, reservationDays: 10, notificationDays: 3, failedJobDays: 1, trendDays: 2 };

describe('per-minute trend counts (metrics_minutes)', () => {
  let env: TestEnvironment;

  before(async () => {
    env = await createTestEnvironment('minutes');
  });

  after(async () => {
    await env.cleanup();
  });

  it('adds up the counts of several processes in one document per minute, with its expiry', async () => {
    const [one, two] = [new MinuteCountsRepository(env.db, RETENTION), new MinuteCountsRepository(env.db, RETENTION)];
    one.add(new Date('2026-03-01T10:00:05Z'), 'status', 'COMPLETED');
    one.add(new Date('2026-03-01T10:00:59.999Z'), 'status', 'COMPLETED');
    one.add(new Date('2026-03-01T10:01:00Z'), 'latency', 'le_1000', 3);
    two.add(new Date('2026-03-01T10:00:30Z'), 'status', 'COMPLETED');
    two.add(new Date('2026-03-01T10:00:30Z'), 'status', 'FAILED');
    two.add(new Date('2026-03-01T10:00:30Z'), 'bad.name', 'x');
    await Promise.all([one.flush(), two.flush()]);
    const stored = await env.db.collection(COLLECTION.METRICS_MINUTES).find({}).sort({ at: 1 }).toArray();
    assert.deepEqual(
      stored.map((doc) => [doc['_id'], doc['at'], doc['expiresAt'], doc['counts']]),
      [
        ['2026-03-01T10:00:00.000Z', new Date('2026-03-01T10:00:00Z'), new Date(Date.parse('2026-03-01T10:00:00Z') + retentionMs(2)), { status: { COMPLETED: 3, FAILED: 1 } }],
        ['2026-03-01T10:01:00.000Z', new Date('2026-03-01T10:01:00Z'), new Date(Date.parse('2026-03-01T10:01:00Z') + retentionMs(2)), { latency: { le_1000: 3 } }],
      ],
    );
    const range = await one.range(new Date('2026-03-01T10:01:00Z'), new Date('2026-03-01T10:02:00Z'));
    assert.deepEqual(range, [{ _id: '2026-03-01T10:01:00.000Z', at: new Date('2026-03-01T10:01:00Z'), counts: { latency: { le_1000: 3 } } }]);
    assert.deepEqual(await one.range(new Date('2026-03-01T09:00:00Z'), new Date('2026-03-01T10:00:00Z')), [], 'the end is exclusive');
  });

  it('keeps counts whose write failed and writes them with the next flush', async () => {
    const minutes = new MinuteCountsRepository(env.db, RETENTION);
    const at = new Date('2026-03-02T08:00:00Z');
    // A document of that minute whose `counts` is not an object: the $inc fails.
    await env.db.collection(COLLECTION.METRICS_MINUTES).insertOne({ _id: at.toISOString(), at, counts: 7 } as never);
    minutes.add(at, 'status', 'COMPLETED', 2);
    await assert.rejects(minutes.flush());
    await env.db.collection(COLLECTION.METRICS_MINUTES).deleteOne({ _id: at.toISOString() } as never);
    await minutes.flush();
    assert.deepEqual((await minutes.range(at, new Date(at.getTime() + 60_000)))[0]?.counts, { status: { COMPLETED: 2 } });
  });

  it('declares the TTL index on expiresAt and the range index on at', async () => {
    const indexes = await env.db.collection(COLLECTION.METRICS_MINUTES).listIndexes().toArray();
    const ttl = indexes.find((index) => index['name'] === 'minute_ttl');
    assert.deepEqual([ttl?.['key'], ttl?.['expireAfterSeconds']], [{ expiresAt: 1 }, 0]);
    assert.deepEqual(indexes.find((index) => index['name'] === 'at')?.['key'], { at: 1 });
  });
});
