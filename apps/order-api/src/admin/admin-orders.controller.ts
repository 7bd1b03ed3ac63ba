import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ORDER_REASON, ORDER_STATUS, type OrderStatus, type OrderView } from '@app/contracts';
import { NotificationRepository, OrderRepository, ReservationRepository } from '@app/dal';
import { OrderNotFoundError, RequestValidationError } from '../http/api.errors';
import { CancelOrder } from '../orders/cancel-order/cancel-order.use-case';
import { toOrderView } from '../orders/order-view.mapper';
import { ErrorSchema, OrderViewSchema } from '../orders/order-view.schema';
import { AdminTokenGuard } from './admin-token.guard';
import { RetryOrder } from './retry-order.use-case';

const STATUSES = Object.values(ORDER_STATUS) as string[];

@ApiTags('admin')
@ApiBearerAuth()
@ApiResponse({ status: 401, type: ErrorSchema })
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
  @ApiOperation({ summary: 'Orders, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'limit', required: false, description: '1-500, default 50' })
  @ApiQuery({ name: 'before', required: false, description: 'Paging: createdAt (ISO) of the last order of the previous page' })
  @ApiQuery({ name: 'beforeId', required: false, description: 'Paging: orderId of the last order of the previous page (breaks ties on createdAt)' })
  @ApiResponse({ status: 200, type: [OrderViewSchema] })
  async list(
    @Query('status') status?: string,
    @Query('limit') limit?: string,
    @Query('before') before?: string,
    @Query('beforeId') beforeId?: string,
  ): Promise<OrderView[]> {
    const fields = [];
    if (status !== undefined && !STATUSES.includes(status)) fields.push({ field: 'status', messages: [`status must be one of ${STATUSES.join(', ')}`] });
    const size = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(size) || size < 1 || size > 500) fields.push({ field: 'limit', messages: ['limit must be an integer from 1 to 500'] });
    const beforeDate = before === undefined ? undefined : new Date(before);
    if (beforeDate !== undefined && Number.isNaN(beforeDate.getTime())) fields.push({ field: 'before', messages: ['before must be an ISO date-time'] });
    if (fields.length > 0) throw new RequestValidationError(fields);
    const orders = await this.orders.list({
      limit: size,
      ...(status !== undefined ? { status: status as OrderStatus } : {}),
      ...(beforeDate !== undefined ? { before: { createdAt: beforeDate, ...(beforeId !== undefined ? { orderId: beforeId } : {}) } } : {}),
    });
    return orders.map(toOrderView);
  }

  @Get(':orderId')
  @ApiOperation({ summary: 'An order with its reservation ledger and notification outbox' })
  async get(@Param('orderId') orderId: string): Promise<{ order: OrderView; reservations: unknown[]; notifications: unknown[] }> {
    const order = await this.orders.findById(orderId);
    if (order === null) throw new OrderNotFoundError(`order ${orderId} not found`);
    const [reservations, notifications] = await Promise.all([this.reservations.findByOrder(orderId), this.notifications.findByOrder(orderId)]);
    return {
      order: toOrderView(order),
      reservations: reservations.map(({ sku, quantity, state, updatedAt }) => ({ sku, quantity, state, updatedAt })),
      notifications: notifications.map(({ type, state, attempts, sentAt }) => ({ type, state, attempts, sentAt })),
    };
  }

  @Post(':orderId/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel an order as an operator (reason CANCELLED_BY_OPERATOR)' })
  @ApiResponse({ status: 202, type: OrderViewSchema })
  @ApiResponse({ status: 409, type: ErrorSchema })
  async cancel(@Param('orderId') orderId: string): Promise<OrderView> {
    return toOrderView(await this.cancelOrder.execute(orderId, ORDER_REASON.CANCELLED_BY_OPERATOR));
  }

  @Post(':orderId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Retry a FAILED order: resume its compensations or re-run the failed step' })
  @ApiResponse({ status: 202, type: OrderViewSchema })
  @ApiResponse({ status: 409, type: ErrorSchema, description: 'The order is not FAILED' })
  async retry(@Param('orderId') orderId: string): Promise<OrderView> {
    return toOrderView(await this.retryOrder.execute(orderId));
  }
}
