import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { InventoryRepository } from '@app/dal';
import { ApiError } from '../http/api.error';
import { ApiRoute, BODY_ERRORS } from '../http/api-route.decorator';
import { AdminOnly } from './admin-only.decorator';
import { CurrentOperator } from './audit/operator';
import { SetStock } from './set-stock.use-case';
import { SetStockDto } from './set-stock.dto';
import { SkuPipe } from './sku.pipe';
import { StockViewSchema, toStockView } from './stock-view';

@AdminOnly()
@Controller('admin/inventory')
export class AdminInventoryController {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly setStock: SetStock,
  ) {}

  @Get()
  @ApiRoute({ summary: 'Every SKU with its stock', errors: ['UNAUTHORIZED'] })
  @ApiResponse({ status: 200, type: [StockViewSchema] })
  async list(): Promise<StockViewSchema[]> {
    return (await this.inventory.list(1_000)).map(toStockView);
  }

  @Put(':sku')
  @ApiRoute({ summary: 'Create a SKU or set its available stock (recorded in the audit trail with the operator and `reason`)', errors: ['UNAUTHORIZED', 'CSRF_TOKEN_INVALID', ...BODY_ERRORS, 'INVALID_URL'] })
  @ApiResponse({ status: 200, type: StockViewSchema })
  async set(@Param('sku', SkuPipe) sku: string, @Body() body: SetStockDto, @CurrentOperator() operator: string): Promise<StockViewSchema> {
    return toStockView(await this.setStock.execute(sku, body.available, body.unitPrice, { operator, reason: body.reason ?? 'no reason given' }));
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
