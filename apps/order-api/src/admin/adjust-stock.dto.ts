import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min, NotEquals } from 'class-validator';
import { FieldRule } from '../http/field-rule.decorator';

/** Body of POST /admin/inventory/:sku/adjust: a correction by delta, and why. */
export class AdjustStockDto {
  @ApiProperty({ example: -3, description: 'Units to add to `available` (negative: to remove); never takes it below 0', minimum: -1_000_000_000, maximum: 1_000_000_000 })
  @FieldRule('must be a non-zero integer from -1000000000 to 1000000000')
  @IsInt()
  @NotEquals(0)
  @Min(-1_000_000_000)
  @Max(1_000_000_000)
  delta!: number;

  @ApiProperty({ example: 'three units found damaged at the count', minLength: 3, maxLength: 500 })
  @FieldRule('must be 3 to 500 characters saying why')
  @IsString()
  @Length(3, 500)
  reason!: string;
}
