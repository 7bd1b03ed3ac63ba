/** BullMQ queue names, one per worker kind. */
export const QUEUE = {
  INVENTORY: 'inventory',
  PAYMENT: 'payment',
  NOTIFICATION: 'notification',
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
