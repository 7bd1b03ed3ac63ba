/**
 * Starts a bulk action: checks what it covers (a list of ids, or a filter matching at most
 * BULK_MAX_ORDERS orders now), stores it with this instance's lease, records it in the audit
 * trail and hands it to the runner. Answers at once; progress is read with GET /admin/bulk/:id.
 */
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditRepository, BulkActionRepository, DatabaseClock, OrderRepository, type BulkAction, type BulkActionKind } from '@app/dal';
import type { FieldError } from '../../http/error-response.schema';
import { RequestValidationError } from '../../http/request-validation.error';
import { parseOrderFilter } from '../orders/order-filter.query';
import { BULK_MAX_ORDERS } from './bulk-action.dto';
import { BulkRunner } from './bulk-runner.service';

export interface BulkRequest {
  readonly action: BulkActionKind;
  readonly ids?: readonly string[];
  readonly filter?: Record<string, unknown>;
  readonly reason: string;
}

@Injectable()
export class StartBulkAction {
  constructor(
    private readonly bulk: BulkActionRepository,
    private readonly orders: OrderRepository,
    private readonly audit: AuditRepository,
    private readonly runner: BulkRunner,
    private readonly clock: DatabaseClock,
  ) {}

  async execute(request: BulkRequest, operator: string): Promise<BulkAction> {
    const fields: FieldError[] = [];
    if ((request.ids === undefined) === (request.filter === undefined)) fields.push({ path: 'ids', message: 'give either ids or filter, not both' });
    const filter = request.filter !== undefined ? parseOrderFilter(request.filter, fields, 'filter.') : undefined;
    if (fields.length > 0) throw new RequestValidationError(fields);
    const now = this.clock.now();
    let total = request.ids !== undefined ? new Set(request.ids).size : 0;
    if (filter !== undefined) {
      total = await this.orders.countMatching({ ...filter, to: filter.to !== undefined && filter.to < now ? filter.to : now }, BULK_MAX_ORDERS + 1);
      if (total > BULK_MAX_ORDERS) throw new RequestValidationError([{ path: 'filter', message: `matches more than ${BULK_MAX_ORDERS} orders; narrow it` }]);
    }
    const action: BulkAction = {
      _id: `blk_${randomUUID().replaceAll('-', '')}`,
      action: request.action,
      reason: request.reason,
      operator,
      ...(request.ids !== undefined ? { ids: [...new Set(request.ids)] } : {}),
      ...(filter !== undefined ? { filter } : {}),
      upTo: now,
      state: 'RUNNING',
      cursor: null,
      offset: 0,
      total,
      applied: 0,
      skipped: 0,
      createdAt: now,
      updatedAt: now,
      leaseUntil: new Date(now.getTime() + 30_000),
      owner: this.runner.ownerId,
    };
    await this.bulk.create(action);
    await this.audit.record({ at: now, operator, action: `bulk.${request.action}`, bulkId: action._id, reason: request.reason, outcome: `STARTED (${total} orders)` });
    this.runner.start(action._id);
    return action;
  }
}
