/**
 * Fields that every log line written inside a piece of work carries (AsyncLocalStorage): a step's
 * job sets `orderId`, `step`, `sagaVersion`, `jobId` and `attempt` around its run, and every line
 * logged under it, from any class, carries them (the logger's `mixin` reads them here).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type LogFields = Readonly<Record<string, string | number | boolean>>;

const storage = new AsyncLocalStorage<LogFields>();

/** Runs `work` with `fields` added to the fields already in effect. */
export function withLogFields<T>(fields: LogFields, work: () => T): T {
  const outer = storage.getStore();
  return storage.run(outer === undefined ? fields : { ...outer, ...fields }, work);
}

/** The fields in effect here (none outside any `withLogFields`). */
export function currentLogFields(): LogFields | undefined {
  return storage.getStore();
}
