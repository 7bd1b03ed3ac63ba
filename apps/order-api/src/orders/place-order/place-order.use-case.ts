/**
 * Places an order: one insert of the order document (saga at version 1, step RESERVE_STOCK), then
 * the first job. Same customer, Idempotency-Key and body -> the same order (also when the
 * requests race: `(customerId, idempotencyKey)` is unique); same key with another body ->
 * IDEMPOTENCY_KEY_REUSED; the same key from another customer is another order.
 * If queueing fails after the insert, the order is still accepted: the recovery sweep queues it.
 */
import { Injectable, Logger } from '@nestjs/common';
import { PAYMENT_STATUS, isTerminal, type OrderStatus } from '@app/contracts';
import { DatabaseClock, MetricsRepository, OrderRepository } from '@app/dal';
import { initialSagaState, type Order } from '@app/domain';
import { MetricsRegistry } from '@app/observability';
import { StepDispatcher } from '@app/queue';
import { ConsoleEventsPublisher, SAGA_METRIC } from '@app/saga';
import { ApiError } from '../../http/api.error';
import { newOrderId, requestHash } from './idempotency-key';
import type { PlaceOrderDto } from './place-order.dto';

export const ORDER_CURRENCY = 'usd';

export interface PlacedOrder {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly replayed: boolean;
}

@Injectable()
export class PlaceOrder {
  private readonly logger = new Logger(PlaceOrder.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly dispatcher: StepDispatcher,
    private readonly metrics: MetricsRepository,
    private readonly clock: DatabaseClock,
    private readonly consoleEvents: ConsoleEventsPublisher,
    private readonly prometheus: MetricsRegistry,
  ) {}

  async execute(request: PlaceOrderDto, idempotencyKey: string | undefined): Promise<PlacedOrder> {
    const hash = requestHash(request);
    const now = this.clock.now();
    const order: Order = {
      _id: newOrderId(),
      customerId: request.customerId,
      email: request.email,
      items: request.items.map((item) => ({ sku: item.sku, quantity: item.quantity })),
      payment: { token: request.payment.token, status: PAYMENT_STATUS.PENDING, currency: ORDER_CURRENCY },
      saga: initialSagaState(),
      cancelRequested: false,
      cancelReason: null,
      pastPivot: false,
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      requestHash: hash,
      history: [],
      createdAt: now,
      updatedAt: now,
      dispatchedAt: now,
    };
    const result = await this.orders.insert(order);
    const stored = result.inserted ? order : result.existing;
    if (result.inserted) this.consoleEvents.orderCreated();
    if (!result.inserted) {
      if (stored.requestHash !== hash) {
        throw new ApiError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body.');
      }
      this.metrics.increment(SAGA_METRIC.ORDERS_REPLAYED);
    } else {
      this.prometheus.orderPlaced();
    }
    await this.dispatchCurrentStep(stored);
    return { orderId: stored._id, status: stored.saga.status, replayed: !result.inserted };
  }

  /** Queues the saga's current step (a no-op while its job is queued). */
  private async dispatchCurrentStep(order: Order): Promise<void> {
    if (isTerminal(order.saga.status) || order.saga.step === null) return;
    try {
      await this.dispatcher.dispatch(order._id, order.saga.step, order.saga.version);
    } catch (error) {
      this.logger.warn(`order ${order._id} accepted but not queued (the recovery sweep will): ${String(error)}`);
    }
  }
}
