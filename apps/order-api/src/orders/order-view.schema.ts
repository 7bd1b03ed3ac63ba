/** OpenAPI schemas of the order answers (documentation classes for `OrderView`). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_REASON, ORDER_STATUS, PAYMENT_STATUS, SAGA_STEP, STEP_OUTCOME } from '@app/contracts';

export class OrderAcceptedSchema {
  @ApiProperty({ example: 'ord_3f1c2a9b8e7d6c5b4a39281706f5e4d3' }) orderId!: string;
  @ApiProperty({ enum: Object.values(ORDER_STATUS), example: 'PENDING' }) status!: string;
  @ApiProperty({ description: 'The key to this order: send it as `Authorization: Bearer <accessToken>` to read or cancel it (the same on every replay)', example: 'oat_3q2+7w...' }) accessToken!: string;
}

class OrderItemSchema {
  @ApiProperty() sku!: string;
  @ApiProperty() quantity!: number;
}

class PaymentSchema {
  @ApiProperty({
    enum: Object.values(PAYMENT_STATUS),
    description:
      'PENDING: nothing asked yet; AUTHORIZED: funds held, nothing moved; CAPTURED: the held funds were taken (the only state in which money moved); DECLINED: refused, nothing held; VOIDED: every hold cancelled, nothing moved; NOT_CHARGED: the order ended before any authorization',
  })
  status!: string;
  @ApiProperty({ example: 'usd' }) currency!: string;
  @ApiPropertyOptional({ description: 'Total in minor units (cents), priced when stock is reserved' }) amount?: number;
  @ApiPropertyOptional({ description: "The provider's id of the order's authorization (a Stripe PaymentIntent)", example: 'pi_3MtwBwLkdIwHu7ix28a3tqPa' }) paymentIntentId?: string;
}

class HistoryEntrySchema {
  @ApiProperty({ enum: Object.values(SAGA_STEP) }) step!: string;
  @ApiProperty({ enum: Object.values(STEP_OUTCOME) }) outcome!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional() error?: string;
}

export class OrderRowViewSchema {
  @ApiProperty() orderId!: string;
  @ApiProperty({ enum: Object.values(ORDER_STATUS), description: 'Terminal: COMPLETED, CANCELLED, FAILED (needs an operator)' }) status!: string;
  @ApiPropertyOptional({ enum: Object.values(ORDER_REASON) }) reason?: string;
  @ApiProperty() customerId!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: [OrderItemSchema] }) items!: OrderItemSchema[];
  @ApiProperty({ type: PaymentSchema }) payment!: PaymentSchema;
  @ApiProperty() cancelRequested!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
}

export class OrderViewSchema extends OrderRowViewSchema {
  @ApiProperty({ type: [HistoryEntrySchema] }) history!: HistoryEntrySchema[];
}
