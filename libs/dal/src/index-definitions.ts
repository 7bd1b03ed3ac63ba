/**
 * Every collection's indexes, declared in one place and created at start-up (createIndexes is
 * idempotent for an identical spec). `_id` is unique everywhere and carries most guards:
 * order id (derived from the Idempotency-Key when given), SKU for stock and locks,
 * `<orderId>:<sku>` for reservations, `<orderId>:<type>` for notifications.
 */
import type { IndexDescription } from 'mongodb';
import { COLLECTION, type CollectionName } from './collections';

/**
 * Data lifecycle: a record is removed once its `expiresAt` has passed. Only records of orders that
 * ended COMPLETED or CANCELLED have one (see retention/finished-records.ts); the partial filter keeps
 * every other record out of the index.
 */
const EXPIRY: IndexDescription = { key: { expiresAt: 1 }, name: 'retention_ttl', expireAfterSeconds: 0, partialFilterExpression: { expiresAt: { $exists: true } } };

export const INDEX_DEFINITIONS: Readonly<Record<CollectionName, readonly IndexDescription[]>> = {
  [COLLECTION.ORDERS]: [
    // Recovery sweep: non-terminal sagas whose step was dispatched long ago.
    { key: { 'saga.phase': 1, dispatchedAt: 1 }, name: 'saga_phase_dispatched' },
    // Dashboard: newest first (ties broken by id, so the sort is the index's own order), optionally
    // by status; the in-flight counts match on the status prefix.
    { key: { 'saga.status': 1, createdAt: -1, _id: -1 }, name: 'status_created_id' },
    { key: { createdAt: -1, _id: -1 }, name: 'created_id' },
    // Console search and filters (OrderFilter): each exact field first, then the same newest-first order.
    { key: { 'saga.reason': 1, createdAt: -1, _id: -1 }, name: 'reason_created_id' },
    { key: { customerId: 1, createdAt: -1, _id: -1 }, name: 'customer_created_id' },
    { key: { email: 1, createdAt: -1, _id: -1 }, name: 'email_created_id' },
    { key: { 'items.sku': 1, createdAt: -1, _id: -1 }, name: 'sku_created_id' },
    // Order-id prefix search: an ordered index led by _id (mongod's own _id index serves the range
    // too; the dev server keeps _id in a hash map only, so it needs this one).
    { key: { _id: 1, createdAt: -1 }, name: 'id_prefix' },
    // Idempotency-Keys are scoped per customer: one order per (customer, key), at once across API instances.
    { key: { customerId: 1, idempotencyKey: 1 }, name: 'customer_idempotency_key', unique: true, partialFilterExpression: { idempotencyKey: { $exists: true } } },
    EXPIRY,
  ],
  [COLLECTION.INVENTORY]: [],
  // Cleanup only: lock expiry is decided by `expiresAt` in the acquire filter, never by deletion.
  // `lock_ttl` also serves the console's live locks (`expiresAt > now`, soonest first).
  [COLLECTION.INVENTORY_LOCKS]: [{ key: { expiresAt: 1 }, name: 'lock_ttl', expireAfterSeconds: 60 }],
  // An order's records (also how an ended order's records get their expiresAt).
  [COLLECTION.RESERVATIONS]: [{ key: { orderId: 1 }, name: 'order' }, EXPIRY],
  // Admin order detail: the order's messages (and stamping an ended order's records).
  [COLLECTION.NOTIFICATIONS]: [{ key: { orderId: 1 }, name: 'order' }, EXPIRY],
  [COLLECTION.METRICS]: [],
  // The console's trends: a range of minutes (GET /admin/trends); each minute expires on its own `expiresAt`.
  [COLLECTION.METRICS_MINUTES]: [
    { key: { at: 1 }, name: 'at' },
    { key: { expiresAt: 1 }, name: 'minute_ttl', expireAfterSeconds: 0 },
  ],
  [COLLECTION.LEASES]: [],
  // Cleanup only: documents of processes that died without saying goodbye.
  // Resuming bulk actions: the running ones whose lease ran out (an API instance died mid-way).
  [COLLECTION.BULK_ACTIONS]: [{ key: { state: 1, leaseUntil: 1 }, name: 'state_lease' }],
  // A bulk action's per-order results, in the order they were done.
  [COLLECTION.BULK_RESULTS]: [{ key: { bulkId: 1, at: 1 }, name: 'bulk_at' }],
  // An order's operator actions (its detail), and the audit view (newest first).
  [COLLECTION.AUDIT]: [
    { key: { orderId: 1, at: -1 }, name: 'order_at' },
    { key: { at: -1 }, name: 'at' },
  ],
  // Operators are read by name (`_id`) only.
  [COLLECTION.OPERATORS]: [],
  // Sessions are read by `_id` with `expiresAt` in the filter (expiry is decided there); the TTL
  // index only cleans up. `operator`: ending a removed operator's sessions.
  [COLLECTION.SESSIONS]: [
    { key: { expiresAt: 1 }, name: 'session_ttl', expireAfterSeconds: 3_600 },
    { key: { operator: 1 }, name: 'operator' },
  ],
  [COLLECTION.PROVIDER_CIRCUITS]: [{ key: { updatedAt: 1 }, name: 'circuit_ttl', expireAfterSeconds: 86_400 }],
  [COLLECTION.WORKERS]: [
    { key: { heartbeatAt: -1 }, name: 'heartbeat' },
    { key: { expiresAt: 1 }, name: 'worker_ttl', expireAfterSeconds: 0 },
  ],
  // The console's busy SKUs: the minutes of a recent window; also removes each minute an hour later.
  [COLLECTION.BUSY_SKUS]: [{ key: { minute: 1 }, name: 'busy_minute', expireAfterSeconds: 3_600 }],
};
