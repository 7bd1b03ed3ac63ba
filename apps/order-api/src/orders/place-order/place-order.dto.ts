import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsEmail,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { FieldRule } from '../../http/field-rule.decorator';

export const SKU_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** The rule of a SKU, also for the `:sku` path parameter. */
export const SKU_RULE = 'must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-"';

export class OrderItemDto {
  @ApiProperty({ example: 'SKU-1', pattern: SKU_PATTERN.source, minLength: 1, maxLength: 64 })
  @FieldRule(SKU_RULE)
  @IsString()
  @Matches(SKU_PATTERN)
  sku!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 1000 })
  @FieldRule('must be an integer from 1 to 1000')
  @IsInt()
  @Min(1)
  @Max(1000)
  quantity!: number;
}

export class PaymentDto {
  @ApiProperty({
    example: 'tok_visa',
    description: "The card, as the payment provider's PaymentMethod id (Stripe: what Stripe.js hands the checkout; test mode: pm_card_visa, pm_card_chargeDeclined). Sandbox: also tok_visa, tok_decline, tok_flaky, tok_timeout, tok_late",
  })
  @FieldRule('must be 1-128 characters of A-Z, a-z, 0-9, "_" or "-"')
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/)
  token!: string;
}

/** Body of POST /orders. */
export class PlaceOrderDto {
  @ApiProperty({ example: 'c-42', minLength: 1, maxLength: 64 })
  @FieldRule('must be a string of 1-64 characters')
  @IsString()
  @Length(1, 64)
  customerId!: string;

  @ApiProperty({ example: 'ada@example.com' })
  @FieldRule('must be an email address of at most 254 characters')
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: 50, description: 'Distinct SKUs' })
  @FieldRule('must be a list of 1-50 objects {sku, quantity} with distinct SKUs')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique((item: OrderItemDto) => item?.sku)
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  @ApiProperty({ type: PaymentDto })
  @FieldRule('must be an object {token}')
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PaymentDto)
  payment!: PaymentDto;
}
