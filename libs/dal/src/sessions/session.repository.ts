/**
 * Console sessions, shared by every API instance. `_id` is the SHA-256 of the session's cookie
 * value (a copy of the database opens no session). A session is live while `expiresAt` (the
 * database's clock) is in the future: that is decided in the query filter; the TTL index on
 * `expiresAt` only cleans up. Reads: by `_id`; ending an operator's sessions by `operator`.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';

export interface OperatorSession {
  readonly _id: string;
  readonly operator: string;
  /** Required in `X-CSRF-Token` on every mutating request made with this session. */
  readonly csrfToken: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

@Injectable()
export class SessionRepository {
  private readonly sessions: Collection<OperatorSession>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.sessions = db.collection<OperatorSession>(COLLECTION.SESSIONS);
  }

  async create(session: OperatorSession): Promise<void> {
    await this.sessions.insertOne(session);
  }

  /** The session if it exists and has not expired at `now`. */
  findLive(id: string, now: Date): Promise<OperatorSession | null> {
    return this.sessions.findOne({ _id: id, expiresAt: { $gt: now } });
  }

  async end(id: string): Promise<void> {
    await this.sessions.deleteOne({ _id: id });
  }

  /** Ends every session of an operator (when the operator is removed); how many there were. */
  async endAllOf(operator: string): Promise<number> {
    return (await this.sessions.deleteMany({ operator })).deletedCount;
  }
}
