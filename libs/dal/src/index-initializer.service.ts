import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Db } from 'mongodb';
import { INDEX_DEFINITIONS } from './index-definitions';
import type { CollectionName } from './collections';
import { MONGO_DB } from './mongo.tokens';
import { isDatabaseUnavailable } from './mongo-errors';

/** Creates every declared index at start-up; safe to run from many processes at once. */
@Injectable()
export class IndexInitializer implements OnModuleInit {
  private readonly logger = new Logger(IndexInitializer.name);

  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  async onModuleInit(): Promise<void> {
    try {
      await ensureIndexes(this.db);
      this.logger.debug('indexes ensured');
    } catch (error) {
      // A process whose database waits are bounded (the API) may give up on a long index build
      // or start while the database is away; the build goes on in the server, and every worker
      // ensures the same indexes at its own start.
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn(`indexes not confirmed at start-up (${error instanceof Error ? error.message : String(error)}); going on`);
    }
  }
}

export async function ensureIndexes(db: Db): Promise<void> {
  for (const [name, indexes] of Object.entries(INDEX_DEFINITIONS) as [CollectionName, typeof INDEX_DEFINITIONS[CollectionName]][]) {
    if (indexes.length === 0) continue;
    await db.collection(name).createIndexes([...indexes]);
  }
}
