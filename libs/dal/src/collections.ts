/** Collection names, one place. */
export const COLLECTION = {
  ORDERS: 'orders',
  INVENTORY: 'inventory',
  INVENTORY_LOCKS: 'inventory_locks',
  RESERVATIONS: 'reservations',
  NOTIFICATIONS: 'notifications',
  METRICS: 'metrics',
  METRICS_MINUTES: 'metrics_minutes',
  LEASES: 'leases',
  PROVIDER_CIRCUITS: 'provider_circuits',
  BULK_ACTIONS: 'bulk_actions',
  BULK_RESULTS: 'bulk_results',
  AUDIT: 'audit',
  OPERATORS: 'operators',
  SESSIONS: 'sessions',
  WORKERS: 'workers',
  BUSY_SKUS: 'busy_skus',
} as const;
export type CollectionName = (typeof COLLECTION)[keyof typeof COLLECTION];
