/**
 * One `ping` round trip to the database: resolves when the server answers, rejects when it does
 * not (bounded by the client's waits: a frozen or unreachable server fails after about the
 * process's database timeout). What a worker's database watch probes with during an outage.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { MONGO_DB } from '../mongo.tokens';

@Injectable()
export class DatabasePing {
  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }
}
