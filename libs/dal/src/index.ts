export { DalModule } from './dal.module';
export { COLLECTION, type CollectionName } from './collections';
export { INDEX_DEFINITIONS } from './index-definitions';
export { ensureIndexes } from './index-initializer.service';
export { MONGO_CLIENT, MONGO_DB, type DalOptions } from './mongo.tokens';
export { isDatabaseUnavailable, isDuplicateKeyError, retryOnDuplicateKey } from './mongo-errors';
export { OrderRepository, type CancelResult, type InsertOrderResult, type OrderFilter, type OrderListQuery, type OrderPosition, type OrderRow, type TransitionResult } from './orders/order.repository';
export { InventoryRepository, DEFAULT_UNIT_PRICE, type FenceResult } from './inventory/inventory.repository';
export type { FencedStock, HoldChange, StockChange } from './inventory/stock-change';
export type { StockItem } from './inventory/stock-item';
export { InventoryLockRepository, type InventoryLock } from './inventory/inventory-lock.repository';
export { BusySkuRepository, BUSY_SKUS_PER_FLUSH, type BusySku } from './inventory/busy-sku.repository';
export {
  ReservationRepository,
  RESERVATION_STATE,
  reservationId,
  type LedgerAction,
  type LedgerEntry,
  type LedgerOutcome,
  type Reservation,
  type ReservationState,
} from './inventory/reservation.repository';
export { NotificationRepository, type ClaimNotificationResult, type NotificationRecord } from './notifications/notification.repository';
export { FLUSH_INTERVAL_MS } from './metrics/buffered-counts';
export { MetricsRepository } from './metrics/metrics.repository';
export { MinuteCountsRepository, type MinuteCounts } from './trends/minute-counts.repository';
export { MINUTE_MS, minuteOf } from './metrics/minute';
export { LeaseRepository } from './leases/lease.repository';
export { ProviderCircuitRepository, type ProviderCircuitRecord, type ProviderCircuitSummary } from './circuits/provider-circuit.repository';
export { WorkerRegistryRepository, type WorkerRecord } from './workers/worker-registry.repository';
export { DatabaseClock, type LocalClock } from './clock/database-clock';
export { DatabasePing } from './health/database-ping';
export { AuditRepository, type AuditEntry } from './audit/audit.repository';
export { BulkActionRepository, type BulkAction, type BulkActionKind, type BulkResult, type BulkState } from './bulk/bulk-action.repository';
export { OperatorRepository, type Operator } from './operators/operator.repository';
export { SessionRepository, type OperatorSession } from './sessions/session.repository';
