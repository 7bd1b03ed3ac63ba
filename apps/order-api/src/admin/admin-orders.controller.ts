import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ORDER_REASON, ORDER_STATUS, type OrderStatus, type OrderView } from '@app/contracts';
import { NotificationRepository, OrderRepository, ReservationRepository } from '@app/dal';
import { ApiRoute } from '../http/api-route.decorator';
import type { FieldError } from '../http/error-response.schema';
import { RequestValidationError } from '../http/request-validation.error';
import { CancelOrder } from '../orders/cancel-order/cancel-order.use-case';
import { toOrderView } from '../orders/order-view.mapper';
import { orderNotFound } from '../orders/order-not-found';
import { OrderViewSchema } from '../orders/order-view.schema';
import { AdminTokenGuard } from './admin-token.guard';
import { RetryOrder } from './retry-order.use-case';

const STATUSES = Object.values(ORDER_STATUS) as string[];

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/orders')
export class AdminOrdersController {
  constructor(
    private readonly orders: OrderRepository,
    private readonly reservations: ReservationRepository,
    private readonly notifications: NotificationRepository,
    private readonly cancelOrder: CancelOrder,
    private readonly retryOrder: RetryOrder,
  ) {}

  @Get()
  @ApiRoute({ summary: 'Orders, newest first', errors: ['UNAUTHORIZED', 'VALIDATION_FAILED'] })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 50' })
  @ApiQuery({ name: 'before', required: false, description: 'Paging: createdAt (ISO) of the last order of the previous page' })
  @ApiQuery({ name: 'beforeId', required: false, description: 'Paging: orderId of the last order of the previous page (breaks ties on createdAt)' })
  @ApiResponse({ status: 200, type: [OrderViewSchema] })
  async list(
    @Query('status') status?: string | string[],
    @Query('limit') limit?: string | string[],
    @Query('before') before?: string | string[],
    @Query('beforeId') beforeId?: string | string[],
  ): Promise<OrderView[]> {
    const fields: FieldError[] = [];
    if (status !== undefined && (typeof status !== 'string' || !STATUSES.includes(status))) fields.push({ path: 'status', message: `must be one of ${STATUSES.join(', ')}` });
    const size = limit === undefined ? 50 : typeof limit === 'string' ? Number(limit) : Number.NaN;
    if (!Number.isInteger(size) || size < 1 || size > 500) fields.push({ path: 'limit', message: 'must be an integer from 1 to 500' });
    const beforeDate = typeof before === 'string' ? new Date(before) : undefined;
    if (before !== undefined && (beforeDate === undefined || Number.isNaN(beforeDate.getTime()))) fields.push({ path: 'before', message: 'must be an ISO date-time' });
    if (beforeId !== undefined && typeof beforeId !== 'string') fields.push({ path: 'beforeId', message: 'must be one order id' });
    if (fields.length > 0) throw new RequestValidationError(fields);
    const orders = await this.orders.list({
      limit: size,
      ...(typeof status === 'string' ? { status: status as OrderStatus } : {}),
      ...(beforeDate !== undefined ? { before: { createdAt: beforeDate, ...(typeof beforeId === 'string' ? { orderId: beforeId } : {}) } } : {}),
    });
    return orders.map(toOrderView);
  }

  @Get(':orderId')
  @ApiRoute({ summary: 'An order with its reservation ledger and notification outbox', errors: ['UNAUTHORIZED', 'NOT_FOUND', 'INVALID_URL'] })
  async get(@Param('orderId') orderId: string): Promise<{ order: OrderView; reservations: unknown[]; notifications: unknown[] }> {
    const order = await this.orders.findById(orderId);
    if (order === null) throw orderNotFound(orderId);
    const [reservations, notifications] = await Promise.all([this.reservations.findByOrder(orderId), this.notifications.findByOrder(orderId)]);
    return {
      order: toOrderView(order),
      reservations: reservations.map(({ sku, quantity, state, updatedAt }) => ({ sku, quantity, state, updatedAt })),
      notifications: notifications.map(({ type, state, attempts, sentAt }) => ({ type, state, attempts, sentAt })),
    };
  }

  @Post(':orderId/cancel')
  @HttpCode(202)
  @ApiRoute({ summary: 'Cancel an order as an operator (reason CANCELLED_BY_OPERATOR)', errors: ['UNAUTHORIZED', 'NOT_FOUND', 'ORDER_TERMINAL', 'ORDER_NOT_CANCELLABLE', 'INVALID_URL'] })
  @ApiResponse({ status: 202, type: OrderViewSchema })
  async cancel(@Param('orderId') orderId: string): Promise<OrderView> {
    return toOrderView(await this.cancelOrder.execute(orderId, ORDER_REASON.CANCELLED_BY_OPERATOR));
  }

  @Post(':orderId/retry')
  @HttpCode(202)
  @ApiRoute({ summary: 'Retry a FAILED order: resume its compensations or re-run the failed step', errors: ['UNAUTHORIZED', 'NOT_FOUND', 'ORDER_NOT_RETRYABLE', 'INVALID_URL'] })
  @ApiResponse({ status: 202, type: OrderViewSchema })
  async retry(@Param('orderId') orderId: string): Promise<OrderView> {
    return toOrderView(await this.retryOrder.execute(orderId));
  }
}
