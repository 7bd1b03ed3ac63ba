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

export const SKU_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export class OrderItemDto {
  @ApiProperty({ example: 'SKU-1', pattern: SKU_PATTERN.source, minLength: 1, maxLength: 64 })
  @IsString()
  @Matches(SKU_PATTERN, { message: 'sku must be 1-64 characters of A-Z, a-z, 0-9, ".", "_" or "-"' })
  sku!: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 1000 })
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
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/, { message: 'token must be 1-128 characters of A-Z, a-z, 0-9, "_" or "-"' })
  token!: string;
}

/** Body of POST /orders. */
export class PlaceOrderDto {
  @ApiProperty({ example: 'c-42', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  customerId!: string;

  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email!: string;

  @ApiProperty({ type: [OrderItemDto], minItems: 1, maxItems: 50, description: 'Distinct SKUs' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique((item: OrderItemDto) => item?.sku, { message: 'items must have distinct SKUs' })
  @ValidateNested({ each: true })
  @IsObject({ each: true })
  @Type(() => OrderItemDto)
  items!: OrderItemDto[];

  @ApiProperty({ type: PaymentDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PaymentDto)
  payment!: PaymentDto;
}
