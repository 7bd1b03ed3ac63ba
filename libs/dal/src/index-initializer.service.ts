import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Db } from 'mongodb';
import { INDEX_DEFINITIONS } from './index-definitions';
import type { CollectionName } from './collections';
import { MONGO_DB } from './mongo.tokens';

/** Creates every declared index at start-up; safe to run from many processes at once. */
@Injectable()
export class IndexInitializer implements OnModuleInit {
  private readonly logger = new Logger(IndexInitializer.name);

  constructor(@Inject(MONGO_DB) private readonly db: Db) {}

  async onModuleInit(): Promise<void> {
    await ensureIndexes(this.db);
    this.logger.debug('indexes ensured');
  }
}

export async function ensureIndexes(db: Db): Promise<void> {
  for (const [name, indexes] of Object.entries(INDEX_DEFINITIONS) as [CollectionName, typeof INDEX_DEFINITIONS[CollectionName]][]) {
    if (indexes.length === 0) continue;
    await db.collection(name).createIndexes([...indexes]);
  }
}
