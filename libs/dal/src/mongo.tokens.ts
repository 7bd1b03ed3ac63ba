import type { RetentionConfig } from '@app/config';

/** Injection tokens of the DAL. */
export const MONGO_CLIENT = Symbol('MONGO_CLIENT');
export const MONGO_DB = Symbol('MONGO_DB');
export const DATA_RETENTION = Symbol('DATA_RETENTION');

export interface DalOptions {
  readonly mongoUrl: string;
  readonly mongoDb: string;
  /**
   * A bound on every wait on the database (socket, connect, server selection): a frozen or
   * unreachable database fails the operation after about this long instead of holding it (and an
   * operation that takes longer fails too). Unset = the driver's defaults.
   */
  readonly operationTimeoutMs?: number;
  /** How long finished orders and their records are kept (unset = the defaults of libs/config). */
  readonly retention?: RetentionConfig;
}
