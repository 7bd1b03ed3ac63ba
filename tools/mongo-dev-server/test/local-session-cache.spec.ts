/** The local logical session cache: recording lsids, ending sessions, the periodic refresh (no I/O, an injected clock). */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { UUID } from 'bson';
import { LocalSessionCache } from '../src/sessions/local-session.cache';

const MINUTE = 60_000;

function setup(): { cache: LocalSessionCache; advance: (ms: number) => void } {
  let now = 1_000_000;
  return { cache: new LocalSessionCache(() => now), advance: (ms) => (now += ms) };
}

const lsid = (): { id: UUID } => ({ id: new UUID() });
const ids = (cache: LocalSessionCache): string[] => cache.list().map((s) => String((s['_id'] as { id: UUID }).id.toHexString()));

it('lists each session once, with its last use, and ignores malformed lsids', () => {
  const { cache, advance } = setup();
  const a = lsid();
  cache.touch(a);
  advance(1000);
  cache.touch(a);
  cache.touch({ id: 'not-a-uuid' });
  cache.touch(undefined);
  const listed = cache.list();
  assert.equal(listed.length, 1);
  assert.equal((listed[0]?.['lastUse'] as Date).getTime(), 1_001_000);
});

it('ended sessions stay listed until the next refresh (5 minutes), idle ones leave after 30 minutes', () => {
  const { cache, advance } = setup();
  const ended = lsid();
  const idle = lsid();
  const active = lsid();
  cache.touch(ended);
  cache.touch(idle);
  cache.touch(active);
  cache.end([ended]);
  assert.equal(cache.list().length, 3);
  advance(5 * MINUTE);
  cache.touch(active);
  assert.deepEqual(ids(cache).sort(), [idle.id.toHexString(), active.id.toHexString()].sort());
  advance(26 * MINUTE);
  cache.touch(active);
  assert.deepEqual(ids(cache), [active.id.toHexString()]);
});
