/** Collection names, one place. */
export const COLLECTION = {
  ORDERS: 'orders',
  INVENTORY: 'inventory',
  INVENTORY_LOCKS: 'inventory_locks',
  RESERVATIONS: 'reservations',
  NOTIFICATIONS: 'notifications',
  METRICS: 'metrics',
  LEASES: 'leases',
} as const;
export type CollectionName = (typeof COLLECTION)[keyof typeof COLLECTION];
