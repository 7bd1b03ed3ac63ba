import { ApiProperty } from '@nestjs/swagger';
import type { StockItem } from '@app/dal';

export class StockViewSchema {
  @ApiProperty() sku!: string;
  @ApiProperty() available!: number;
  @ApiProperty() reserved!: number;
  @ApiProperty() sold!: number;
  @ApiProperty({ description: 'minor units' }) unitPrice!: number;
  @ApiProperty({ description: 'goes up with every change of the figures; also the ETag, for If-Match' }) version!: number;
}

export function toStockView(item: StockItem): StockViewSchema {
  return { sku: item._id, available: item.available, reserved: item.reserved, sold: item.sold, unitPrice: item.unitPrice, version: item.version ?? 0 };
}
