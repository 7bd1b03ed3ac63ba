import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ORDER_REASON, type OrderView } from '@app/contracts';
import { OrderRepository } from '@app/dal';
import { ApiRoute, BODY_ERRORS } from '../http/api-route.decorator';
import { CancelOrder } from './cancel-order/cancel-order.use-case';
import { parseIdempotencyKey } from './place-order/idempotency-key';
import { PlaceOrderDto } from './place-order/place-order.dto';
import { PlaceOrder } from './place-order/place-order.use-case';
import { toOrderView } from './order-view.mapper';
import { orderNotFound } from './order-not-found';
import { OrderAcceptedSchema, OrderViewSchema } from './order-view.schema';
import { OrderAccessGuard } from './order-access/order-access.guard';
import { OrderAccessTokens } from './order-access/order-access-tokens';
import { OrderRateLimitGuard } from './rate-limit/order-rate-limit.guard';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly placeOrder: PlaceOrder,
    private readonly cancelOrder: CancelOrder,
    private readonly orders: OrderRepository,
    private readonly tokens: OrderAccessTokens,
  ) {}

  @Post()
  @HttpCode(202)
  @UseGuards(OrderRateLimitGuard)
  @ApiRoute({
    summary: 'Place an order (the saga runs asynchronously)',
    description: 'Invalid input (the body, or the Idempotency-Key header) answers VALIDATION_FAILED with one entry per wrong field in `fields`; nothing is written.',
    errors: [...BODY_ERRORS, 'IDEMPOTENCY_KEY_REUSED', 'RATE_LIMITED'],
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '1-200 printable ASCII characters, scoped to the customerId: the same customer, key and body return the same order; the same key from another customer is another order' })
  @ApiBody({ type: PlaceOrderDto })
  @ApiResponse({ status: 202, type: OrderAcceptedSchema, description: 'Accepted; Location header points at the order' })
  async place(
    @Body() body: PlaceOrderDto,
    @Headers('idempotency-key') keyHeader: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ orderId: string; status: string; accessToken: string }> {
    const placed = await this.placeOrder.execute(body, parseIdempotencyKey(keyHeader));
    response.setHeader('Location', `/orders/${placed.orderId}`);
    if (placed.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return { orderId: placed.orderId, status: placed.status, accessToken: this.tokens.tokenFor(placed.orderId) };
  }

  @Get(':orderId')
  @UseGuards(OrderAccessGuard)
  @ApiBearerAuth()
  @ApiRoute({
    summary: 'An order with its saga status, payment and step history',
    description: 'Needs `Authorization: Bearer <accessToken>` (from POST /orders) or the admin token; NOT_FOUND otherwise.',
    errors: ['NOT_FOUND', 'INVALID_URL'],
  })
  @ApiResponse({ status: 200, type: OrderViewSchema })
  async get(@Param('orderId') orderId: string): Promise<OrderView> {
    const order = await this.orders.findById(orderId);
    if (order === null) throw orderNotFound(orderId);
    return toOrderView(order);
  }

  @Post(':orderId/cancel')
  @HttpCode(202)
  @UseGuards(OrderAccessGuard)
  @ApiBearerAuth()
  @ApiRoute({
    summary: 'Ask to cancel an order; compensation starts once the running step ends',
    description: 'Needs `Authorization: Bearer <accessToken>` (from POST /orders) or the admin token; NOT_FOUND otherwise.',
    errors: ['NOT_FOUND', 'ORDER_TERMINAL', 'ORDER_NOT_CANCELLABLE', 'ORDER_ALREADY_COMPENSATING', 'INVALID_URL'],
  })
  @ApiResponse({ status: 202, type: OrderViewSchema, description: 'Cancel accepted' })
  async cancel(@Param('orderId') orderId: string): Promise<OrderView> {
    return toOrderView(await this.cancelOrder.execute(orderId, ORDER_REASON.CANCELLED_BY_CUSTOMER));
  }
}
