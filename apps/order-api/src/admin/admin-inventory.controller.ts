import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InventoryRepository } from '@app/dal';
import { ApiError } from '../http/api.error';
import { ApiRoute, BODY_ERRORS } from '../http/api-route.decorator';
import { AdminTokenGuard } from './admin-token.guard';
import { SetStockDto } from './set-stock.dto';
import { SkuPipe } from './sku.pipe';
import { StockViewSchema, toStockView } from './stock-view';

@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/inventory')
export class AdminInventoryController {
  constructor(private readonly inventory: InventoryRepository) {}

  @Get()
  @ApiRoute({ summary: 'Every SKU with its stock', errors: ['UNAUTHORIZED'] })
  @ApiResponse({ status: 200, type: [StockViewSchema] })
  async list(): Promise<StockViewSchema[]> {
    return (await this.inventory.list(1_000)).map(toStockView);
  }

  @Put(':sku')
  @ApiRoute({ summary: 'Create a SKU or set its available stock', errors: ['UNAUTHORIZED', ...BODY_ERRORS, 'INVALID_URL'] })
  @ApiResponse({ status: 200, type: StockViewSchema })
  async set(@Param('sku', SkuPipe) sku: string, @Body() body: SetStockDto): Promise<StockViewSchema> {
    return toStockView(await this.inventory.setStock(sku, body.available, body.unitPrice));
  }

  @Get(':sku')
  @ApiRoute({ summary: 'Stock of one SKU', errors: ['UNAUTHORIZED', 'VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_URL'] })
  @ApiResponse({ status: 200, type: StockViewSchema })
  async get(@Param('sku', SkuPipe) sku: string): Promise<StockViewSchema> {
    const item = await this.inventory.findBySku(sku);
    if (item === null) throw new ApiError('NOT_FOUND', `SKU ${sku} not found`);
    return toStockView(item);
  }
}
