/** Counter names (stored in MongoDB, shown on the dashboard and at GET /admin/metrics). */
export const SAGA_METRIC = {
  JOBS_STALE: 'saga.jobs.stale_dropped',
  JOBS_ORPHANED: 'saga.jobs.orphaned',
  LOCKS_BUSY: 'inventory.locks.busy_requeued',
  STEPS_RETRIED: 'saga.steps.retried',
  STEPS_EXHAUSTED: 'saga.steps.exhausted',
  RECOVERY_REDISPATCHED: 'saga.recovery.redispatched',
  ORDERS_REPLAYED: 'orders.idempotent_replays',
} as const;
export type SagaMetric = (typeof SAGA_METRIC)[keyof typeof SAGA_METRIC];

/**
 * How many orders are in a terminal status (COMPLETED, CANCELLED, FAILED): counted when a saga
 * ends (and un-counted when an operator retries a FAILED one), so that the dashboard's tiles never
 * scan the stored orders. `POST /admin/maintenance/recount` recomputes them from the orders.
 */
export function terminalOrdersMetric(status: string): string {
  return `orders.terminal.${status}`;
}

/** Retries of a step because its provider (`payment`, `mail`) was unavailable. */
export function providerRetryMetric(provider: string): string {
  return `provider.${provider}.retries`;
}
