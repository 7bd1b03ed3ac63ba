/** Injection tokens of the DAL. */
export const MONGO_CLIENT = Symbol('MONGO_CLIENT');
export const MONGO_DB = Symbol('MONGO_DB');

export interface DalOptions {
  readonly mongoUrl: string;
  readonly mongoDb: string;
}
