import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { OrderRowView, OrderView } from '@app/contracts';
import { AuditRepository, NotificationRepository, OrderRepository, ReservationRepository, type OrderPosition } from '@app/dal';
import { StepDispatcher } from '@app/queue';
import { ApiRoute } from '../http/api-route.decorator';
import type { FieldError } from '../http/error-response.schema';
import { RequestValidationError } from '../http/request-validation.error';
import { toOrderRowView, toOrderView } from '../orders/order-view.mapper';
import { orderNotFound } from '../orders/order-not-found';
import { OrderRowViewSchema, OrderViewSchema } from '../orders/order-view.schema';
import { AdminOnly } from './admin-only.decorator';
import { CurrentOperator } from './audit/operator';
import { OperatorActions } from './audit/operator-actions.use-case';
import { MIN_ID_PREFIX, REASONS, STATUSES, parseOrderFilter } from './orders/order-filter.query';

const COUNT_CAP = 10_000;

function position(createdAt: unknown, orderId: unknown, name: string, fields: FieldError[]): OrderPosition | undefined {
  if (createdAt === undefined) {
    if (orderId !== undefined) fields.push({ path: `${name}Id`, message: `needs ${name}` });
    return undefined;
  }
  const date = typeof createdAt === 'string' ? new Date(createdAt) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    fields.push({ path: name, message: 'must be an ISO date-time' });
    return undefined;
  }
  if (orderId !== undefined && typeof orderId !== 'string') {
    fields.push({ path: `${name}Id`, message: 'must be one order id' });
    return undefined;
  }
  return { createdAt: date, ...(typeof orderId === 'string' ? { orderId } : {}) };
}

@AdminOnly()
@Controller('admin/orders')
export class AdminOrdersController {
  constructor(
    private readonly orders: OrderRepository,
    private readonly reservations: ReservationRepository,
    private readonly notifications: NotificationRepository,
    private readonly actions: OperatorActions,
    private readonly audit: AuditRepository,
    private readonly steps: StepDispatcher,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'Orders matching a filter, newest (or oldest) first, one page',
    description:
      'Filters combine (AND). Each is index-backed: `status`, `reason`, `customerId`, `email`, `sku` (exact), `orderId` (a prefix), `from`/`to` (createdAt range). ' +
      'Paging: `before`/`beforeId` = the last row of a newest-first page; `after`/`afterId` = the last row of an oldest-first page (or, newest first, the newest row shown: what arrived since). ' +
      '`ids` (comma-separated, at most 100) answers those orders instead, in no particular order. Rows carry no step history (`GET /admin/orders/:orderId` has it).',
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED'],
  })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'reason', required: false, enum: REASONS })
  @ApiQuery({ name: 'orderId', required: false, description: `Order id prefix, at least ${MIN_ID_PREFIX} characters` })
  @ApiQuery({ name: 'customerId', required: false })
  @ApiQuery({ name: 'email', required: false })
  @ApiQuery({ name: 'sku', required: false, description: 'Orders with an item of this SKU' })
  @ApiQuery({ name: 'from', required: false, description: 'Created at or after (ISO date-time)' })
  @ApiQuery({ name: 'to', required: false, description: 'Created before (ISO date-time)' })
  @ApiQuery({ name: 'sort', required: false, enum: ['newest', 'oldest'] })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 50' })
  @ApiQuery({ name: 'before', required: false, description: 'Paging: createdAt (ISO) of the last order of the previous newest-first page' })
  @ApiQuery({ name: 'beforeId', required: false, description: 'Paging: its orderId (breaks ties on createdAt)' })
  @ApiQuery({ name: 'after', required: false, description: 'createdAt (ISO): only newer orders' })
  @ApiQuery({ name: 'afterId', required: false, description: 'its orderId (breaks ties on createdAt)' })
  @ApiQuery({ name: 'ids', required: false, description: 'Comma-separated order ids (at most 100): these orders' })
  @ApiResponse({ status: 200, type: [OrderRowViewSchema] })
  async list(@Query() query: Record<string, unknown>): Promise<OrderRowView[]> {
    const fields: FieldError[] = [];
    const { limit, sort, before, beforeId, after, afterId, ids, ...filterFields } = query;
    const filter = parseOrderFilter(filterFields, fields);
    const size = limit === undefined ? 50 : typeof limit === 'string' ? Number(limit) : Number.NaN;
    if (!Number.isInteger(size) || size < 1 || size > 500) fields.push({ path: 'limit', message: 'must be an integer from 1 to 500' });
    if (sort !== undefined && sort !== 'newest' && sort !== 'oldest') fields.push({ path: 'sort', message: 'must be newest or oldest' });
    const older = position(before, beforeId, 'before', fields);
    const newer = position(after, afterId, 'after', fields);
    const idList = typeof ids === 'string' ? ids.split(',').filter((id) => id !== '') : undefined;
    if (ids !== undefined && (idList === undefined || idList.length > 100 || idList.some((id) => id.length > 64))) fields.push({ path: 'ids', message: 'must be at most 100 comma-separated order ids' });
    if (fields.length > 0) throw new RequestValidationError(fields);
    if (idList !== undefined) return (await this.orders.findMany(idList)).map(toOrderRowView);
    const orders = await this.orders.list({
      ...filter,
      limit: size,
      sort: sort === 'oldest' ? 'oldest' : 'newest',
      ...(older !== undefined ? { before: older } : {}),
      ...(newer !== undefined ? { after: newer } : {}),
    });
    return orders.map(toOrderRowView);
  }

  @Get('count')
  @ApiRoute({
    summary: 'How many orders match a filter (the same filters as the list), counted up to `limit` (default and at most 10,000)',
    description: 'Counted on the filter\'s index (from its keys alone where the filter is one indexed field and a createdAt range): the console\'s "all N matching" and its "N new orders" bar (`from` just after its newest row, `limit` 100).',
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED'],
  })
  @ApiQuery({ name: 'limit', required: false, description: `Count at most this many, 1-${COUNT_CAP}` })
  @ApiResponse({ status: 200, schema: { type: 'object', properties: { count: { type: 'integer' }, capped: { type: 'boolean', description: 'true: at least this many' } } } })
  async count(@Query() query: Record<string, unknown>): Promise<{ count: number; capped: boolean }> {
    const fields: FieldError[] = [];
    const { limit, ...filterFields } = query;
    const filter = parseOrderFilter(filterFields, fields);
    const cap = limit === undefined ? COUNT_CAP : typeof limit === 'string' ? Number(limit) : Number.NaN;
    if (!Number.isInteger(cap) || cap < 1 || cap > COUNT_CAP) fields.push({ path: 'limit', message: `must be an integer from 1 to ${COUNT_CAP}` });
    if (fields.length > 0) throw new RequestValidationError(fields);
    const count = await this.orders.countMatching(filter, cap);
    return { count, capped: count >= cap };
  }

  @Get(':orderId')
  @ApiRoute({
    summary: 'An order with its reservation ledger, notification outbox and operator actions (audit trail, newest first)',
    description: '`nextRunAt`: when the current step runs next while its job waits to be retried or re-queued (backoff); null otherwise.',
    errors: ['UNAUTHORIZED', 'NOT_FOUND', 'INVALID_URL'],
  })
  async get(@Param('orderId') orderId: string): Promise<{ order: OrderView; nextRunAt: string | null; reservations: unknown[]; notifications: unknown[]; audit: unknown[] }> {
    const order = await this.orders.findById(orderId);
    if (order === null) throw orderNotFound(orderId);
    const step = order.saga.step;
    const [reservations, notifications, audit, nextRunAt] = await Promise.all([
      this.reservations.findByOrder(orderId),
      this.notifications.findByOrder(orderId),
      this.audit.forOrder(orderId),
      step === null ? Promise.resolve(null) : this.steps.nextRunOf(orderId, step, order.saga.version),
    ]);
    return {
      order: toOrderView(order),
      nextRunAt: nextRunAt?.toISOString() ?? null,
      reservations: reservations.map(({ sku, quantity, state, updatedAt }) => ({ sku, quantity, state, updatedAt })),
      notifications: notifications.map(({ type, state, attempts, sentAt }) => ({ type, state, attempts, sentAt })),
      audit: audit.map(({ at, operator, action, reason, outcome, bulkId }) => ({ at, operator, action, reason, outcome, ...(bulkId !== undefined ? { bulkId } : {}) })),
    };
  }

  @Post(':orderId/cancel')
  @HttpCode(202)
  @ApiRoute({
    summary: 'Cancel an order as an operator (reason CANCELLED_BY_OPERATOR)',
    description: 'Optional body `{ "reason": "…" }` (why, kept in the audit trail with the operator).',
    errors: ['UNAUTHORIZED', 'CSRF_TOKEN_INVALID', 'NOT_FOUND', 'ORDER_TERMINAL', 'ORDER_NOT_CANCELLABLE', 'ORDER_ALREADY_COMPENSATING', 'INVALID_URL', 'VALIDATION_FAILED'],
  })
  @ApiResponse({ status: 202, type: OrderViewSchema })
  async cancel(@Param('orderId') orderId: string, @Req() request: Request, @CurrentOperator() operator: string): Promise<OrderView> {
    return toOrderView(await this.actions.apply('cancel', orderId, { operator, reason: reasonOf(request) }));
  }

  @Post(':orderId/retry')
  @HttpCode(202)
  @ApiRoute({
    summary: 'Retry a FAILED order: resume its compensations or re-run the failed step',
    description: 'Optional body `{ "reason": "…" }` (why, kept in the audit trail with the operator).',
    errors: ['UNAUTHORIZED', 'CSRF_TOKEN_INVALID', 'NOT_FOUND', 'ORDER_NOT_RETRYABLE', 'INVALID_URL', 'VALIDATION_FAILED'],
  })
  @ApiResponse({ status: 202, type: OrderViewSchema })
  async retry(@Param('orderId') orderId: string, @Req() request: Request, @CurrentOperator() operator: string): Promise<OrderView> {
    return toOrderView(await this.actions.apply('retry', orderId, { operator, reason: reasonOf(request) }));
  }
}

/** The optional `{ reason }` body of a single-order action; no body = no reason given. */
function reasonOf(request: Request): string {
  const body: unknown = request.body;
  if (body === undefined || body === null) return 'no reason given';
  const reason = typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['reason'] : undefined;
  if (typeof reason !== 'string' || reason.length < 3 || reason.length > 500) throw new RequestValidationError([{ path: 'reason', message: 'must be 3 to 500 characters saying why' }]);
  return reason;
}
