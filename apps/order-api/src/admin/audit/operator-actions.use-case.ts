/**
 * An operator's action on one order (cancel or retry), recorded in the audit trail with who,
 * when, why and how it ended (APPLIED, or the code that refused it), whether it came from the
 * order's page or from a bulk action. Refusals are recorded too, then thrown on.
 */
import { Injectable } from '@nestjs/common';
import { ORDER_REASON } from '@app/contracts';
import { AuditRepository, DatabaseClock, type BulkActionKind } from '@app/dal';
import type { Order } from '@app/domain';
import { ApiError } from '../../http/api.error';
import { CancelOrder } from '../../orders/cancel-order/cancel-order.use-case';
import { RetryOrder } from '../retry-order.use-case';

export interface Actor {
  readonly operator: string;
  readonly reason: string;
  readonly bulkId?: string;
}

@Injectable()
export class OperatorActions {
  constructor(
    private readonly cancelOrder: CancelOrder,
    private readonly retryOrder: RetryOrder,
    private readonly audit: AuditRepository,
    private readonly clock: DatabaseClock,
  ) {}

  async apply(action: BulkActionKind, orderId: string, actor: Actor): Promise<Order> {
    const record = (outcome: string): Promise<void> =>
      this.audit.record({ at: this.clock.now(), operator: actor.operator, action: `order.${action}`, orderId, reason: actor.reason, outcome, ...(actor.bulkId !== undefined ? { bulkId: actor.bulkId } : {}) });
    try {
      const order = action === 'cancel' ? await this.cancelOrder.execute(orderId, ORDER_REASON.CANCELLED_BY_OPERATOR) : await this.retryOrder.execute(orderId, `retried by ${actor.operator}: ${actor.reason}`);
      await record('APPLIED');
      return order;
    } catch (error) {
      if (error instanceof ApiError && error.code !== 'NOT_FOUND') await record(error.code);
      throw error;
    }
  }
}
