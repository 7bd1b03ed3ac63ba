/** An operator's retry of a FAILED order: resume its compensations or re-run the failed step. */
import { Injectable } from '@nestjs/common';
import { ORDER_STATUS, STEP_OUTCOME } from '@app/contracts';
import { MetricsRepository, OrderRepository } from '@app/dal';
import { retryFailedSaga, type Order } from '@app/domain';
import { StepDispatcher } from '@app/queue';
import { ConsoleEventsPublisher, terminalOrdersMetric } from '@app/saga';
import { ApiError } from '../http/api.error';
import { orderNotFound } from '../orders/order-not-found';

@Injectable()
export class RetryOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly dispatcher: StepDispatcher,
    private readonly metrics: MetricsRepository,
    private readonly consoleEvents: ConsoleEventsPublisher,
  ) {}

  async execute(orderId: string, note = 'retried by an operator'): Promise<Order> {
    const order = await this.orders.findById(orderId);
    if (order === null) throw orderNotFound(orderId);
    if (order.saga.status !== ORDER_STATUS.FAILED || order.saga.failedStep === null) {
      throw new ApiError('ORDER_NOT_RETRYABLE', `only FAILED orders can be retried (order is ${order.saga.status})`);
    }
    const next = retryFailedSaga(order.saga);
    const entry = { step: order.saga.failedStep, outcome: STEP_OUTCOME.RETRYING, attempt: 0, at: new Date(), error: note };
    const updated = await this.orders.retry(orderId, order.saga.version, next, entry);
    if (updated === null) throw new ApiError('ORDER_NOT_RETRYABLE', `order ${orderId} changed meanwhile; reload and try again`);
    this.metrics.increment(terminalOrdersMetric(ORDER_STATUS.FAILED), -1);
    this.consoleEvents.orderMoved();
    if (next.step !== null) await this.dispatcher.dispatch(orderId, next.step, next.version);
    return updated;
  }
}
