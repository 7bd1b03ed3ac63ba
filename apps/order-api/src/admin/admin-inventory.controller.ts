import { Body, Controller, Get, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InventoryRepository } from '@app/dal';
import { SkuNotFoundError } from '../http/api.errors';
import { ErrorSchema } from '../orders/order-view.schema';
import { AdminTokenGuard } from './admin-token.guard';
import { SetStockDto } from './set-stock.dto';
import { SkuPipe } from './sku.pipe';
import { StockViewSchema, toStockView } from './stock-view';

@ApiTags('admin')
@ApiBearerAuth()
@ApiResponse({ status: 401, type: ErrorSchema })
@UseGuards(AdminTokenGuard)
@Controller('admin/inventory')
export class AdminInventoryController {
  constructor(private readonly inventory: InventoryRepository) {}

  @Get()
  @ApiOperation({ summary: 'Every SKU with its stock' })
  @ApiResponse({ status: 200, type: [StockViewSchema] })
  async list(): Promise<StockViewSchema[]> {
    return (await this.inventory.list(1_000)).map(toStockView);
  }

  @Put(':sku')
  @ApiOperation({ summary: 'Create a SKU or set its available stock' })
  @ApiResponse({ status: 200, type: StockViewSchema })
  @ApiResponse({ status: 400, type: ErrorSchema })
  async set(@Param('sku', SkuPipe) sku: string, @Body() body: SetStockDto): Promise<StockViewSchema> {
    return toStockView(await this.inventory.setStock(sku, body.available, body.unitPrice));
  }

  @Get(':sku')
  @ApiOperation({ summary: 'Stock of one SKU' })
  @ApiResponse({ status: 200, type: StockViewSchema })
  @ApiResponse({ status: 404, type: ErrorSchema })
  async get(@Param('sku', SkuPipe) sku: string): Promise<StockViewSchema> {
    const item = await this.inventory.findBySku(sku);
    if (item === null) throw new SkuNotFoundError(`SKU ${sku} not found`);
    return toStockView(item);
  }
}
