import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { FieldRule } from '../../http/field-rule.decorator';

export const BULK_MAX_ORDERS = 10_000;

/** Body of POST /admin/orders/bulk: `ids` or `filter` (exactly one), and why. */
export class BulkActionDto {
  @ApiProperty({ enum: ['retry', 'cancel'] })
  @FieldRule('must be retry or cancel')
  @IsIn(['retry', 'cancel'])
  action!: 'retry' | 'cancel';

  @ApiPropertyOptional({ type: [String], description: `The orders, at most ${BULK_MAX_ORDERS}` })
  @FieldRule(`must be 1 to ${BULK_MAX_ORDERS} order ids`)
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_ORDERS)
  @IsString({ each: true })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { each: true })
  ids?: string[];

  @ApiPropertyOptional({ description: 'Every order matching this filter when the action starts (the filters of GET /admin/orders: status, reason, orderId, customerId, email, sku, from, to), at most 10,000', example: { status: 'FAILED', reason: 'STEP_EXHAUSTED' } })
  @FieldRule('must be an object of order filters')
  @IsOptional()
  @IsObject()
  filter?: Record<string, unknown>;

  @ApiProperty({ example: 'payment provider outage 14:02-14:20 is over', description: 'Why: kept in the audit trail (3-500 characters)' })
  @FieldRule('must be 3 to 500 characters saying why')
  @IsString()
  @Length(3, 500)
  reason!: string;
}
