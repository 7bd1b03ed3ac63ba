import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { FieldRule } from '../http/field-rule.decorator';

/** Body of PUT /admin/inventory/:sku. */
export class SetStockDto {
  @ApiProperty({ example: 100, minimum: 0, maximum: 1_000_000_000 })
  @FieldRule('must be an integer from 0 to 1000000000')
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  available!: number;

  @ApiPropertyOptional({ example: 1999, description: 'Unit price in minor units (cents); 1000 for a new SKU when omitted' })
  @FieldRule('must be an integer from 0 to 100000000 (cents)')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  unitPrice?: number;

  @ApiPropertyOptional({ example: 'stock count after delivery', description: 'Why: kept in the audit trail (3-500 characters)' })
  @FieldRule('must be 3 to 500 characters saying why')
  @IsOptional()
  @IsString()
  @Length(3, 500)
  reason?: string;
}
