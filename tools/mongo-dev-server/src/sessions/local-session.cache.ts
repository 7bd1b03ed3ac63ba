/**
 * The logical session cache of a standalone mongod, as far as `$listLocalSessions` shows it.
 * Every command carrying an `lsid` ({id: UUID}) records that session with its last use
 * (mongod's `vivify`); `endSessions`/`killSessions` mark sessions ended. Like mongod's periodic
 * refresh (`logicalSessionRefreshMillis`, 5 minutes), ended sessions and sessions idle for
 * longer than `localLogicalSessionTimeoutMinutes` (30) leave the cache at the first command
 * or listing after a refresh period (so the cache stays bounded on a long-running server). There is no authentication: every session belongs to the
 * unauthenticated user, whose `uid` is mongod's digest of no user (SHA-256 of nothing).
 */
import { createHash } from 'node:crypto';
import { Binary } from 'bson';
import type { Doc } from '../storage/doc.types';
import { isPlainObject } from '../util/bson-value.util';

const REFRESH_MS = 5 * 60_000;
const IDLE_TIMEOUT_MS = 30 * 60_000;
/** SHA-256 of the empty string: mongod's user digest when no user is authenticated. */
const NO_AUTH_UID = new Binary(createHash('sha256').update('').digest(), 0);

interface SessionEntry {
  readonly id: Binary;
  lastUse: Date;
  ended: boolean;
}

const isUuid = (v: unknown): v is Binary => v instanceof Binary && v.sub_type === Binary.SUBTYPE_UUID;

export class LocalSessionCache {
  private readonly sessions = new Map<string, SessionEntry>();
  private lastRefresh: number;

  constructor(private readonly now: () => number = Date.now) {
    this.lastRefresh = now();
  }

  /** Records the session of a command's `lsid` (ignored when it is not `{id: UUID, ...}`). */
  touch(lsid: unknown): void {
    this.refresh();
    if (!isPlainObject(lsid) || !isUuid(lsid['id'])) return;
    const key = lsid['id'].toString('hex');
    const entry = this.sessions.get(key);
    if (entry) entry.lastUse = new Date(this.now());
    else this.sessions.set(key, { id: lsid['id'], lastUse: new Date(this.now()), ended: false });
  }

  /** `endSessions`/`killSessions`: `ids` are lsid documents. */
  end(ids: unknown): void {
    if (!Array.isArray(ids)) return;
    for (const lsid of ids) {
      if (isPlainObject(lsid) && isUuid(lsid['id'])) {
        const entry = this.sessions.get(lsid['id'].toString('hex'));
        if (entry) entry.ended = true;
      }
    }
  }

  /** The cached sessions as `$listLocalSessions` returns them: `{_id: {id, uid}, lastUse}`. */
  list(): Doc[] {
    this.refresh();
    return [...this.sessions.values()].map((s) => ({ _id: { id: s.id, uid: NO_AUTH_UID }, lastUse: s.lastUse }));
  }

  private refresh(): void {
    const now = this.now();
    if (now - this.lastRefresh < REFRESH_MS) return;
    this.lastRefresh = now;
    for (const [key, s] of this.sessions) if (s.ended || now - s.lastUse.getTime() > IDLE_TIMEOUT_MS) this.sessions.delete(key);
  }
}
