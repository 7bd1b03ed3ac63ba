import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { InventoryRepository, type StockItem } from '@app/dal';
import { ApiError } from '../http/api.error';
import { ApiRoute, BODY_ERRORS } from '../http/api-route.decorator';
import { AdjustStockDto } from './adjust-stock.dto';
import { AdminOnly } from './admin-only.decorator';
import { CurrentOperator } from './audit/operator';
import { SkuHoldsView } from './locks/lock-views';
import { ReadSkuHolds } from './locks/read-sku-holds.use-case';
import { SetStockDto } from './set-stock.dto';
import { SkuPipe } from './sku.pipe';
import { StockChanges } from './stock-changes.use-case';
import { validatedStockRequest } from './stock-request';
import { StockViewSchema, toStockView } from './stock-view';

/**
 * Stock as operators see and change it. Every read and change answers the SKU with its
 * `version` as an `ETag`; an absolute set may carry it back as `If-Match` and is refused (412)
 * if the figures moved since; an adjustment by delta needs no version (the database does the
 * arithmetic, never below zero). Every change is audited with the operator and the reason.
 */
@AdminOnly()
@Controller('admin/inventory')
export class AdminInventoryController {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly changes: StockChanges,
    private readonly holds: ReadSkuHolds,
  ) {}

  @Get()
  @ApiRoute({ summary: 'Every SKU with its stock', errors: ['UNAUTHORIZED'] })
  @ApiResponse({ status: 200, type: [StockViewSchema] })
  async list(): Promise<StockViewSchema[]> {
    return (await this.inventory.list(1_000)).map(toStockView);
  }

  @Put(':sku')
  @ApiRoute({
    summary: 'Create a SKU or set its available stock (recorded in the audit trail with the operator and `reason`)',
    description: 'With `If-Match: "<version>"` (the `ETag` of a read) only a SKU still at that version is set; otherwise 412 STOCK_VERSION_MISMATCH and nothing changes.',
    errors: ['UNAUTHORIZED', 'CSRF_TOKEN_INVALID', ...BODY_ERRORS, 'INVALID_URL', 'STOCK_VERSION_MISMATCH'],
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The `ETag` (version) the operator read' })
  @ApiBody({ type: SetStockDto })
  @ApiResponse({ status: 200, type: StockViewSchema })
  async set(@Param('sku') sku: string, @Body() raw: Record<string, unknown>, @Headers('if-match') ifMatch: string | undefined, @CurrentOperator() operator: string, @Res({ passthrough: true }) response: Response): Promise<StockViewSchema> {
    const { body, version } = await validatedStockRequest(sku, raw, SetStockDto, ifMatch);
    const change = { available: body.available, ...(body.unitPrice !== undefined ? { unitPrice: body.unitPrice } : {}), ...(version !== undefined ? { version } : {}) };
    return withETag(response, await this.changes.set(sku, change, { operator, reason: body.reason ?? 'no reason given' }));
  }

  @Post(':sku/adjust')
  @HttpCode(200)
  @ApiRoute({ summary: 'Add to or remove from the available stock of a SKU, with a reason (audited)', errors: ['UNAUTHORIZED', 'CSRF_TOKEN_INVALID', ...BODY_ERRORS, 'INVALID_URL', 'NOT_FOUND', 'STOCK_WOULD_GO_NEGATIVE'] })
  @ApiBody({ type: AdjustStockDto })
  @ApiResponse({ status: 200, type: StockViewSchema })
  async adjust(@Param('sku') sku: string, @Body() raw: Record<string, unknown>, @CurrentOperator() operator: string, @Res({ passthrough: true }) response: Response): Promise<StockViewSchema> {
    const { body } = await validatedStockRequest(sku, raw, AdjustStockDto);
    return withETag(response, await this.changes.adjust(sku, body.delta, { operator, reason: body.reason }));
  }

  @Get(':sku')
  @ApiRoute({ summary: 'Stock of one SKU (its version as the ETag)', errors: ['UNAUTHORIZED', 'VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_URL'] })
  @ApiResponse({ status: 200, type: StockViewSchema })
  async get(@Param('sku', SkuPipe) sku: string, @Res({ passthrough: true }) response: Response): Promise<StockViewSchema> {
    const item = await this.inventory.findBySku(sku);
    if (item === null) throw new ApiError('NOT_FOUND', `SKU ${sku} not found`);
    return withETag(response, item);
  }

  @Get(':sku/holds')
  @ApiRoute({
    summary: 'Who holds a SKU: the orders holding its stock (with their status), its item lock while live, its fence',
    description: 'Read from the SKU\'s stock (`holds`), the orders by one `$in` with a projection (at most 100, oldest first) and the lock by `_id`.',
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_URL'],
  })
  @ApiResponse({ status: 200, type: SkuHoldsView })
  holdsOf(@Param('sku', SkuPipe) sku: string): Promise<SkuHoldsView> {
    return this.holds.execute(sku);
  }
}

function withETag(response: Response, item: StockItem): StockViewSchema {
  const view = toStockView(item);
  response.setHeader('ETag', `"${view.version}"`);
  return view;
}
