/**
 * A cancel request: accepted while the saga runs forward and has not reached the pivot (the
 * running step finishes, then compensation starts); refused once terminal, past the pivot, or already compensating (409 ORDER_ALREADY_COMPENSATING).
 */
import { Injectable } from '@nestjs/common';
import type { OrderReason } from '@app/contracts';
import { OrderRepository } from '@app/dal';
import { ConsoleEventsPublisher } from '@app/saga';
import type { Order } from '@app/domain';
import { ApiError } from '../../http/api.error';
import { orderNotFound } from '../order-not-found';

@Injectable()
export class CancelOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly consoleEvents: ConsoleEventsPublisher,
  ) {}

  /** Returns the order as it stands after the request. */
  async execute(orderId: string, reason: OrderReason): Promise<Order> {
    const result = await this.orders.requestCancel(orderId, reason);
    if (result === 'NOT_FOUND') throw orderNotFound(orderId);
    if (result === 'TERMINAL') throw new ApiError('ORDER_TERMINAL', `order ${orderId} is already finished`);
    if (result === 'PAST_PIVOT') throw new ApiError('ORDER_NOT_CANCELLABLE', `order ${orderId} is being fulfilled and can no longer be cancelled`);
    if (result === 'ALREADY_COMPENSATING') throw new ApiError('ORDER_ALREADY_COMPENSATING', `order ${orderId} is already being undone (compensating): a cancel would change nothing`);
    this.consoleEvents.orderMoved();
    const order = await this.orders.findById(orderId);
    if (order === null) throw orderNotFound(orderId);
    return order;
  }
}
