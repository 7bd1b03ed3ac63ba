import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditRepository, DatabaseClock, InventoryRepository, type StockItem } from '@app/dal';
import { ApiError } from '../http/api.error';
import { ApiRoute, BODY_ERRORS } from '../http/api-route.decorator';
import { AdminTokenGuard } from './admin-token.guard';
import { AdjustStockDto } from './adjust-stock.dto';
import { CurrentOperator } from './audit/operator';
import { SetStockDto } from './set-stock.dto';
import { SkuPipe } from './sku.pipe';
import { validatedStockRequest } from './stock-request';
import { StockViewSchema, toStockView } from './stock-view';

/**
 * Stock as operators see and change it. Every change answers the SKU with its `version` as an
 * `ETag`; an absolute set may carry it back as `If-Match` and is refused (412) if the figures
 * moved since; an adjustment by delta needs no version (the database does the arithmetic, and
 * never goes below zero). Every change is in the audit trail with the operator and the reason.
 */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminTokenGuard)
@Controller('admin/inventory')
export class AdminInventoryController {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly audit: AuditRepository,
    private readonly clock: DatabaseClock,
  ) {}

  @Get()
  @ApiRoute({ summary: 'Every SKU with its stock', errors: ['UNAUTHORIZED'] })
  @ApiResponse({ status: 200, type: [StockViewSchema] })
  async list(): Promise<StockViewSchema[]> {
    return (await this.inventory.list(1_000)).map(toStockView);
  }

  @Put(':sku')
  @ApiRoute({
    summary: 'Create a SKU or set its available stock',
    description: 'With `If-Match: "<version>"` (the `ETag` of a read) only a SKU still at that version is set; otherwise 412 STOCK_VERSION_MISMATCH and nothing changes.',
    errors: ['UNAUTHORIZED', ...BODY_ERRORS, 'INVALID_URL', 'STOCK_VERSION_MISMATCH'],
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The `ETag` (version) the operator read' })
  @ApiBody({ type: SetStockDto })
  @ApiResponse({ status: 200, type: StockViewSchema })
  async set(@Param('sku') sku: string, @Body() raw: Record<string, unknown>, @Headers('if-match') ifMatch: string | undefined, @CurrentOperator() operator: string, @Res({ passthrough: true }) response: Response): Promise<StockViewSchema> {
    const { body, version } = await validatedStockRequest(sku, raw, SetStockDto, ifMatch);
    const now = this.clock.now();
    const reason = body.reason ?? 'no reason given';
    if (version === undefined) return this.answer(response, await this.inventory.setStock(sku, body.available, body.unitPrice, now), operator, 'stock.set', reason);
    const item = await this.inventory.setStockIfVersion(sku, version, body.available, body.unitPrice, now);
    if (item === null) {
      await this.record(operator, 'stock.set', sku, reason, 'STOCK_VERSION_MISMATCH');
      throw new ApiError('STOCK_VERSION_MISMATCH', `SKU ${sku} is not at version ${version} (missing, or its stock moved since it was read): read it again`);
    }
    return this.answer(response, item, operator, 'stock.set', reason);
  }

  @Post(':sku/adjust')
  @HttpCode(200)
  @ApiRoute({ summary: 'Add to or remove from the available stock of a SKU, with a reason', errors: ['UNAUTHORIZED', ...BODY_ERRORS, 'INVALID_URL', 'NOT_FOUND', 'STOCK_WOULD_GO_NEGATIVE'] })
  @ApiBody({ type: AdjustStockDto })
  @ApiResponse({ status: 200, type: StockViewSchema })
  async adjust(@Param('sku') sku: string, @Body() raw: Record<string, unknown>, @CurrentOperator() operator: string, @Res({ passthrough: true }) response: Response): Promise<StockViewSchema> {
    const { body } = await validatedStockRequest(sku, raw, AdjustStockDto);
    const result = await this.inventory.adjustStock(sku, body.delta, this.clock.now());
    if (result === 'NOT_FOUND') throw new ApiError('NOT_FOUND', `SKU ${sku} not found`);
    if (result === 'WOULD_GO_NEGATIVE') {
      await this.record(operator, 'stock.adjust', sku, body.reason, 'STOCK_WOULD_GO_NEGATIVE');
      throw new ApiError('STOCK_WOULD_GO_NEGATIVE', `SKU ${sku} has fewer than ${-body.delta} units available: nothing was removed`);
    }
    return this.answer(response, result, operator, 'stock.adjust', `${body.delta > 0 ? '+' : ''}${body.delta}: ${body.reason}`);
  }

  @Get(':sku')
  @ApiRoute({ summary: 'Stock of one SKU (its version as the ETag)', errors: ['UNAUTHORIZED', 'VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_URL'] })
  @ApiResponse({ status: 200, type: StockViewSchema })
  async get(@Param('sku', SkuPipe) sku: string, @Res({ passthrough: true }) response: Response): Promise<StockViewSchema> {
    const item = await this.inventory.findBySku(sku);
    if (item === null) throw new ApiError('NOT_FOUND', `SKU ${sku} not found`);
    return withETag(response, item);
  }

  private async answer(response: Response, item: StockItem, operator: string, action: string, reason: string): Promise<StockViewSchema> {
    await this.record(operator, action, item._id, reason, 'APPLIED');
    return withETag(response, item);
  }

  private record(operator: string, action: string, sku: string, reason: string, outcome: string): Promise<void> {
    return this.audit.record({ at: this.clock.now(), operator, action, sku, reason, outcome });
  }
}

function withETag(response: Response, item: StockItem): StockViewSchema {
  const view = toStockView(item);
  response.setHeader('ETag', `"${view.version}"`);
  return view;
}
