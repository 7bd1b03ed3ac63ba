/**
 * The worker processes that are alive, as each says of itself: one document per process
 * (`_id` = its instance id), replaced by its heartbeat every few seconds and deleted when it
 * shuts down. Alive is decided by `heartbeatAt` in the query (a process that died stops beating);
 * the TTL index on `expiresAt` only removes the documents of processes gone for an hour. The
 * collection holds one document per worker process, never per order.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { Collection, Db } from 'mongodb';
import { COLLECTION } from '../collections';
import { MONGO_DB } from '../mongo.tokens';

export interface WorkerRecord {
  readonly _id: string;
  /** e.g. `inventory-worker`. */
  readonly kind: string;
  readonly queue: string;
  readonly host: string;
  readonly pid: number;
  readonly concurrency: number;
  /** Saga steps running in the process (or waiting for one of its WORKER_CONCURRENCY slots) at its last heartbeat. */
  readonly jobsInFlight: number;
  /** Its queue consumer: `consuming`, `paused` (MongoDB is not answering) or `stopped`. */
  readonly state: string;
  readonly startedAt: Date;
  readonly heartbeatAt: Date;
  readonly expiresAt: Date;
}

/** Documents of processes silent this long are removed by the TTL index (clean-up only). */
const KEEP_SILENT_MS = 3_600_000;

@Injectable()
export class WorkerRegistryRepository {
  private readonly workers: Collection<WorkerRecord>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.workers = db.collection<WorkerRecord>(COLLECTION.WORKERS);
  }

  async beat(record: Omit<WorkerRecord, 'expiresAt'>): Promise<void> {
    const { _id, ...fields } = record;
    await this.workers.replaceOne({ _id }, { ...fields, expiresAt: new Date(record.heartbeatAt.getTime() + KEEP_SILENT_MS) }, { upsert: true });
  }

  async forget(instance: string): Promise<void> {
    await this.workers.deleteOne({ _id: instance });
  }

  /** Processes that beat at or after `since` (index `heartbeat`). */
  alive(since: Date, limit = 500): Promise<WorkerRecord[]> {
    return this.workers.find({ heartbeatAt: { $gte: since } }).sort({ heartbeatAt: -1 }).limit(limit).toArray();
  }
}
