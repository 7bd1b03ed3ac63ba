/**
 * Orders with their saga state. Every saga transition is a version-guarded conditional update
 * (`saga.version` in the filter): a stale or duplicate job changes nothing and learns it from a
 * null result. "Stale" (the order exists at another version) and "gone" (no such order) are told
 * apart by reading the order again, never inferred.
 *
 * The saga workers' reads and transitions are batched (see Coalescer): the orders that many
 * concurrent jobs of a process load go in one `find`, and their transitions in one unordered
 * bulk of version-guarded updates. Each transition stamps a token of its own on the order, so
 * that when fewer updates matched than were sent, one read tells exactly which ones won.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AnyBulkWriteOperation, Collection, Db, Filter } from 'mongodb';
import { ORDER_STATUS, TERMINAL_STATUSES, type OrderReason, type OrderStatus } from '@app/contracts';
import { SAGA_PHASE, type HistoryEntry, type Order, type SagaState, type StepOrder } from '@app/domain';
import { COLLECTION } from '../collections';
import type { RetentionConfig } from '@app/config';
import { DATA_RETENTION, MONGO_DB } from '../mongo.tokens';
import { FinishedRecords, expiresWhenEnded } from '../retention/finished-records';
import { DUPLICATE_KEY, bulkOutcome } from '../bulk-outcome';
import { Coalescer } from '@app/batching';
import { DatabaseClock } from '../clock/database-clock';

export type InsertOrderResult = { readonly inserted: true } | { readonly inserted: false; readonly existing: Order };
export type TransitionResult = 'APPLIED' | 'STALE' | 'GONE';
export type CancelResult = 'ACCEPTED' | 'NOT_FOUND' | 'TERMINAL' | 'PAST_PIVOT' | 'ALREADY_COMPENSATING';

/**
 * What the console filters orders by. Each field is served by an index whose next keys are
 * `createdAt, _id` (see index-definitions.ts), so a filtered page is read in index order and
 * stops at its limit: status `status_created_id`, reason `reason_created_id`, customer
 * `customer_created_id`, email `email_created_id`, SKU `sku_created_id`, a time range alone
 * `created_id`; an order-id prefix is a range on `id_prefix` (at least 7 characters, so it
 * matches about one order in 4,096 before the other fields and the sort apply).
 */
export interface OrderFilter {
  readonly status?: OrderStatus;
  readonly reason?: OrderReason;
  readonly orderIdPrefix?: string;
  readonly customerId?: string;
  readonly email?: string;
  readonly sku?: string;
  /** Created at or after. */
  readonly from?: Date;
  /** Created before. */
  readonly to?: Date;
}

/** A place in the (createdAt, id) order of orders. */
export interface OrderPosition {
  readonly createdAt: Date;
  readonly orderId?: string;
}

export interface OrderListQuery extends OrderFilter {
  readonly limit: number;
  /** newest (default) or oldest first; ties on createdAt broken by id. */
  readonly sort?: 'newest' | 'oldest';
  /** Only orders older than this one (the next page when newest first). */
  readonly before?: OrderPosition;
  /** Only orders newer than this one (the next page when oldest first; or what arrived since). */
  readonly after?: OrderPosition;
}

@Injectable()
export class OrderRepository {
  private readonly logger = new Logger(OrderRepository.name);
  private readonly orders: Collection<StoredOrder>;
  private readonly db: Db;
  private readonly finished: FinishedRecords;
  private readonly loads = new Coalescer<string, StepOrder | null>((ids) => this.loadMany(ids));
  private readonly transitions = new Coalescer<TransitionRequest, TransitionResult>((requests) => this.transitionMany(requests));
  private readonly inserts = new Coalescer<Order, InsertOrderResult>((orders) => this.insertMany(orders));
  private readonly pivots = new Coalescer<{ orderId: string; version: number }, boolean>((requests) => this.claimPivots(requests));
  private readonly tokenPrefix = randomUUID();
  private tokens = 0;

  constructor(
    @Inject(MONGO_DB) db: Db,
    private readonly clock: DatabaseClock,
    @Inject(DATA_RETENTION) retention: RetentionConfig,
  ) {
    this.orders = db.collection<StoredOrder>(COLLECTION.ORDERS);
    this.db = db;
    this.finished = new FinishedRecords(db, retention);
  }

  /** Inserts a new order; a duplicate `_id` (same Idempotency-Key) returns the stored one. */
  insert(order: Order): Promise<InsertOrderResult> {
    return this.inserts.submit(order);
  }

  /**
   * Inserts of concurrent requests in one unordered bulk. An insert that collided on the
   * `(customerId, idempotencyKey)` index (or on `_id`) is answered with the order that holds it,
   * read back by that key (index `customer_idempotency_key`).
   */
  private async insertMany(orders: readonly Order[]): Promise<InsertOrderResult[]> {
    const outcome = await bulkOutcome(this.orders, orders.map((order) => ({ insertOne: { document: order } })));
    for (const error of outcome.errors.values()) if (error.code !== DUPLICATE_KEY) throw new Error(`order insert failed: ${error.message}`);
    return Promise.all(
      orders.map(async (order, index): Promise<InsertOrderResult> => {
        if (!outcome.errors.has(index)) return { inserted: true };
        const filter: Filter<StoredOrder> = order.idempotencyKey === undefined ? { _id: order._id } : { customerId: order.customerId, idempotencyKey: order.idempotencyKey };
        const stored = await this.orders.findOne(filter);
        if (stored === null) throw new Error(`order ${order._id} collided on insert but cannot be read back`);
        return { inserted: false, existing: stored };
      }),
    );
  }

  findById(orderId: string): Promise<Order | null> {
    return this.orders.findOne({ _id: orderId });
  }

  /** The order as a saga step needs it (no history); loads of concurrent jobs share one query. */
  loadForStep(orderId: string): Promise<StepOrder | null> {
    return this.loads.submit(orderId);
  }

  /**
   * Applies `next` if the saga is still at `expectedVersion`: APPLIED, or STALE when another job
   * moved the saga first, or GONE when there is no such order.
   */
  transition(orderId: string, expectedVersion: number, next: SagaState, entry: HistoryEntry, fields: Record<string, unknown> = {}, now = this.clock.now()): Promise<TransitionResult> {
    return this.transitions.submit({ orderId, expectedVersion, next, entry, fields, now });
  }

  private async loadMany(ids: readonly string[]): Promise<(StepOrder | null)[]> {
    const found = await this.orders.find({ _id: { $in: [...new Set(ids)] } }, { projection: { history: 0 } }).toArray();
    const byId = new Map<string, StepOrder>(found.map((order) => [order._id, order]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private async transitionMany(requests: readonly TransitionRequest[]): Promise<TransitionResult[]> {
    const tokens = requests.map(() => `${this.tokenPrefix}:${(this.tokens += 1)}`);
    const operations: AnyBulkWriteOperation<StoredOrder>[] = requests.map((request, index) => {
      const set: Record<string, unknown> = { ...request.fields, saga: request.next, updatedAt: request.now, dispatchedAt: request.now, transition: tokens[index] };
      if (request.next.phase === SAGA_PHASE.DONE) set['completedAt'] = request.now;
      if (endsForGood(request)) set['expiresAt'] = this.finished.orderExpiresAt(request.now);
      return { updateOne: { filter: { _id: request.orderId, 'saga.version': request.expectedVersion }, update: { $set: set, $push: { history: request.entry } } } };
    });
    const outcome = await bulkOutcome(this.orders, operations);
    const failed = [...outcome.errors.values()][0];
    if (failed !== undefined) throw new Error(`saga transition failed: ${failed.message}`);
    let results: TransitionResult[];
    if (outcome.matchedCount === requests.length) results = requests.map(() => 'APPLIED');
    else {
      const current = await this.orders.find({ _id: { $in: requests.map((request) => request.orderId) } }, { projection: { transition: 1 } }).toArray();
      const stamped = new Map(current.map((order) => [order._id, order.transition]));
      results = requests.map((request, index) => (!stamped.has(request.orderId) ? 'GONE' : stamped.get(request.orderId) === tokens[index] ? 'APPLIED' : 'STALE'));
    }
    await this.stampEnded(requests.filter((request, index) => results[index] === 'APPLIED' && endsForGood(request)));
    return results;
  }

  /**
   * The ledger and outbox records of orders that have just ended COMPLETED or CANCELLED get
   * their expiry too. Should that write fail, the transitions stand (they are what matters) and
   * those records are simply kept: storage, never correctness.
   */
  private async stampEnded(ended: readonly TransitionRequest[]): Promise<void> {
    if (ended.length === 0) return;
    // The latest clock reading of the batch: every record then expires no sooner than its order.
    const endedAt = ended.reduce((latest, request) => (request.now > latest ? request.now : latest), ended[0]?.now ?? this.clock.now());
    try {
      await this.finished.stamp(ended.map((request) => request.orderId), endedAt);
    } catch (error) {
      this.logger.warn(`records of ${ended.length} ended orders keep no expiry (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  /** Records a retried attempt in the history without moving the saga. */
  async appendHistory(orderId: string, expectedVersion: number, entry: HistoryEntry): Promise<boolean> {
    const result = await this.orders.updateOne({ _id: orderId, 'saga.version': expectedVersion }, { $push: { history: entry }, $set: { updatedAt: entry.at } });
    return result.matchedCount === 1;
  }

  /** A customer's or operator's cancel: only while the saga runs forward and has not passed the pivot. */
  async requestCancel(orderId: string, reason: OrderReason, now = this.clock.now()): Promise<CancelResult> {
    const updated = await this.orders.findOneAndUpdate(
      { _id: orderId, 'saga.phase': SAGA_PHASE.FORWARD, pastPivot: false },
      { $set: { cancelRequested: true, cancelReason: reason, updatedAt: now } },
      { projection: { _id: 1 } },
    );
    if (updated !== null) return 'ACCEPTED';
    const order = await this.orders.findOne({ _id: orderId }, { projection: { saga: 1, pastPivot: 1 } });
    if (order === null) return 'NOT_FOUND';
    if (order.saga.phase === SAGA_PHASE.DONE) return 'TERMINAL';
    if (order.saga.phase === SAGA_PHASE.COMPENSATING) return 'ALREADY_COMPENSATING';
    return 'PAST_PIVOT';
  }

  /**
   * The pivot step claims the order: succeeds only if no cancel was requested, and from then on a
   * cancel is refused. Idempotent for the same version. Returns false when a cancel won.
   */
  claimPivot(orderId: string, version: number): Promise<boolean> {
    return this.pivots.submit({ orderId, version });
  }

  /** Pivot claims of concurrent jobs in one bulk; when fewer matched than were sent, the orders say which hold. */
  private async claimPivots(requests: readonly { orderId: string; version: number }[]): Promise<boolean[]> {
    const outcome = await bulkOutcome(
      this.orders,
      requests.map(({ orderId, version }) => ({ updateOne: { filter: { _id: orderId, 'saga.version': version, cancelRequested: false }, update: { $set: { pastPivot: true } } } })),
    );
    const failed = [...outcome.errors.values()][0];
    if (failed !== undefined) throw new Error(`pivot claim failed: ${failed.message}`);
    if (outcome.matchedCount === requests.length) return requests.map(() => true);
    const current = await this.orders.find({ _id: { $in: requests.map((request) => request.orderId) } }, { projection: { pastPivot: 1, 'saga.version': 1 } }).toArray();
    const byId = new Map(current.map((order) => [order._id, order]));
    return requests.map(({ orderId, version }) => byId.get(orderId)?.pastPivot === true && byId.get(orderId)?.saga.version === version);
  }

  /**
   * Claims one non-terminal saga whose step was dispatched before `cutoff` (its job may be lost),
   * stamping it so that no other sweeper claims it too. Returns null when none is left.
   */
  claimStuck(cutoff: Date, now: Date): Promise<Pick<Order, '_id' | 'saga'> | null> {
    return this.orders.findOneAndUpdate(
      { 'saga.phase': { $in: [SAGA_PHASE.FORWARD, SAGA_PHASE.COMPENSATING] }, dispatchedAt: { $lt: cutoff } },
      { $set: { dispatchedAt: now } },
      { sort: { dispatchedAt: 1 }, returnDocument: 'after', projection: { saga: 1 } },
    );
  }

  /**
   * How many sagas are not terminal and had their step dispatched before `cutoff`, counting at
   * most `cap` (index `saga_phase_dispatched`, the sweep's: at most `cap` keys examined).
   */
  countStuck(cutoff: Date, cap: number): Promise<number> {
    return this.orders.countDocuments({ 'saga.phase': { $in: [SAGA_PHASE.FORWARD, SAGA_PHASE.COMPENSATING] }, dispatchedAt: { $lt: cutoff } }, { limit: cap });
  }

  /** The operator's retry of a FAILED saga, guarded by version like any transition. */
  retry(orderId: string, expectedVersion: number, next: SagaState, entry: HistoryEntry, now = this.clock.now()): Promise<Order | null> {
    return this.orders.findOneAndUpdate(
      { _id: orderId, 'saga.version': expectedVersion, 'saga.status': ORDER_STATUS.FAILED },
      { $set: { saga: next, updatedAt: now, dispatchedAt: now }, $unset: { completedAt: '' }, $push: { history: entry } },
      { returnDocument: 'after' },
    );
  }

  /** A page of orders matching the filter, in createdAt order (see OrderFilter for the index each filter uses). */
  list(query: OrderListQuery): Promise<OrderRow[]> {
    const clauses: Filter<Order>[] = [orderFilter(query)];
    if (query.before !== undefined) clauses.push(olderThan(query.before));
    if (query.after !== undefined) clauses.push(newerThan(query.after));
    const direction = query.sort === 'oldest' ? 1 : -1;
    return this.orders.find<OrderRow>(clauses.length === 1 ? clauses[0] ?? {} : { $and: clauses }, { projection: ROW }).sort({ createdAt: direction, _id: direction }).limit(query.limit).toArray();
  }

  /** The given orders (the console's visible rows), on `_id`. */
  findMany(ids: readonly string[]): Promise<OrderRow[]> {
    return this.orders.find<OrderRow>({ _id: { $in: [...new Set(ids)] } }, { projection: ROW }).toArray();
  }

  /** Status and step of the given orders (who holds a SKU's stock), on `_id`, without the rest of each order. */
  statusesOf(ids: readonly string[]): Promise<Pick<Order, '_id' | 'saga' | 'createdAt'>[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.orders.find({ _id: { $in: [...new Set(ids)] } }, { projection: { saga: 1, createdAt: 1 } }).toArray();
  }

  /** How many orders match, counting at most `cap` (on the filter's index: at most `cap` keys examined). */
  countMatching(filter: OrderFilter, cap: number): Promise<number> {
    return this.count(orderFilter(filter), cap);
  }

  /** Orders per non-terminal status: only the orders in flight are examined (index `status_created`). */
  countInFlight(): Promise<Record<string, number>> {
    return this.countWhere({ 'saga.status': { $in: NON_TERMINAL_STATUSES } });
  }

  /**
   * Per non-terminal status, the `createdAt` of its oldest order (statuses with none left out):
   * one find per status on `status_created_id` (equality on the status, the far end of its
   * `createdAt` range, limit 1: one index key and one document each), for the metrics gauge.
   */
  async oldestInFlight(): Promise<Record<string, Date>> {
    const oldest = await Promise.all(
      NON_TERMINAL_STATUSES.map((status) => this.orders.find({ 'saga.status': status }, { projection: { createdAt: 1 } }).sort({ createdAt: 1, _id: 1 }).limit(1).next()),
    );
    const found: Record<string, Date> = {};
    oldest.forEach((order, index) => {
      const status = NON_TERMINAL_STATUSES[index];
      if (order !== null && status !== undefined) found[status] = order.createdAt;
    });
    return found;
  }

  /** Orders per terminal status, one `count` per status on the status index (no document read): for an operator's recount only. */
  async countTerminal(): Promise<Record<string, number>> {
    const counts = await Promise.all(TERMINAL_STATUSES.map((status) => this.count({ 'saga.status': status })));
    return Object.fromEntries(TERMINAL_STATUSES.map((status, index) => [status, counts[index] ?? 0]));
  }

  /**
   * The `count` command, not `countDocuments` (an aggregation that reads every matching
   * document): with an equality or range on an index's leading fields, mongod answers it from
   * the index alone (COUNT_SCAN). Exact on a standalone or replica set; on a sharded cluster it
   * may include orphaned documents while chunks migrate.
   */
  private async count(query: Filter<StoredOrder>, limit = 0): Promise<number> {
    const answer = await this.db.command({ count: COLLECTION.ORDERS, query, ...(limit > 0 ? { limit } : {}) });
    return typeof answer['n'] === 'number' ? answer['n'] : 0;
  }

  private async countWhere(match: Filter<StoredOrder>): Promise<Record<string, number>> {
    const pipeline = [{ $match: match }, { $group: { _id: '$saga.status', count: { $sum: 1 } } }];
    const rows = await this.orders.aggregate<{ _id: string; count: number }>(pipeline).toArray();
    return Object.fromEntries(rows.map((row) => [row._id, row.count]));
  }

}

const NON_TERMINAL_STATUSES = Object.values(ORDER_STATUS).filter((status) => !TERMINAL_STATUSES.includes(status));

/** An order as a list shows it: without its step history, which grows with every step (read only for its detail). */
export type OrderRow = Omit<Order, 'history'>;
const ROW = { history: 0, transition: 0 } as const;

/** An order as stored: the token of the last transition applied to it rides along. */
type StoredOrder = Order & { readonly transition?: string };

/** A transition that ends the order COMPLETED or CANCELLED: its data starts to expire. */
function endsForGood(request: TransitionRequest): boolean {
  return request.next.phase === SAGA_PHASE.DONE && expiresWhenEnded(request.next.status);
}

interface TransitionRequest {
  readonly orderId: string;
  readonly expectedVersion: number;
  readonly next: SagaState;
  readonly entry: HistoryEntry;
  readonly fields: Record<string, unknown>;
  readonly now: Date;
}

/** The MongoDB filter of an OrderFilter; every field maps to an indexed path. */
export function orderFilter(filter: OrderFilter): Filter<Order> {
  const created: { $gte?: Date; $lt?: Date } = {};
  if (filter.from !== undefined) created.$gte = filter.from;
  if (filter.to !== undefined) created.$lt = filter.to;
  return {
    ...(filter.status !== undefined ? { 'saga.status': filter.status } : {}),
    ...(filter.reason !== undefined ? { 'saga.reason': filter.reason } : {}),
    ...(filter.orderIdPrefix !== undefined ? { _id: { $gte: filter.orderIdPrefix, $lt: `${filter.orderIdPrefix}\uffff` } } : {}),
    ...(filter.customerId !== undefined ? { customerId: filter.customerId } : {}),
    ...(filter.email !== undefined ? { email: filter.email } : {}),
    ...(filter.sku !== undefined ? { 'items.sku': filter.sku } : {}),
    ...(Object.keys(created).length > 0 ? { createdAt: created } : {}),
  };
}

function olderThan({ createdAt, orderId }: OrderPosition): Filter<Order> {
  if (orderId === undefined) return { createdAt: { $lt: createdAt } };
  return { $or: [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: orderId } }] };
}

function newerThan({ createdAt, orderId }: OrderPosition): Filter<Order> {
  if (orderId === undefined) return { createdAt: { $gt: createdAt } };
  return { $or: [{ createdAt: { $gt: createdAt } }, { createdAt, _id: { $gt: orderId } }] };
}
