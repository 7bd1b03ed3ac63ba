import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { BulkActionRepository, type BulkAction, type BulkResult } from '@app/dal';
import { ApiError } from '../../http/api.error';
import { ApiRoute, BODY_ERRORS } from '../../http/api-route.decorator';
import { CurrentOperator } from '../audit/operator';
import { AdminOnly } from '../admin-only.decorator';
import { BulkActionDto } from './bulk-action.dto';
import { StartBulkAction } from './start-bulk-action.use-case';

const RESULTS_SHOWN = 1_000;

export interface BulkView {
  readonly bulkId: string;
  readonly action: string;
  readonly reason: string;
  readonly operator: string;
  readonly state: string;
  readonly total: number;
  readonly applied: number;
  readonly skipped: number;
  readonly createdAt: string;
  readonly finishedAt?: string;
  readonly results?: readonly { orderId: string; outcome: string; code?: string; message?: string; at: string }[];
}

function toView(action: BulkAction, results?: readonly BulkResult[]): BulkView {
  return {
    bulkId: action._id,
    action: action.action,
    reason: action.reason,
    operator: action.operator,
    state: action.state,
    total: action.total,
    applied: action.applied,
    skipped: action.skipped,
    createdAt: action.createdAt.toISOString(),
    ...(action.finishedAt !== undefined ? { finishedAt: action.finishedAt.toISOString() } : {}),
    ...(results !== undefined
      ? { results: results.map((r) => ({ orderId: r.orderId, outcome: r.outcome, ...(r.code !== undefined ? { code: r.code } : {}), ...(r.message !== undefined ? { message: r.message } : {}), at: r.at.toISOString() })) }
      : {}),
  };
}

@AdminOnly()
@Controller('admin')
export class AdminBulkController {
  constructor(
    private readonly start: StartBulkAction,
    private readonly bulk: BulkActionRepository,
  ) {}

  @Post('orders/bulk')
  @HttpCode(202)
  @ApiRoute({
    summary: 'Retry or cancel many orders: the listed ids, or every order matching a filter (at most 10,000)',
    description:
      'Done server-side in batches of 50, idempotent (each order once per action) and resumable (progress saved per batch; another API instance resumes an action whose instance died). ' +
      'Each order is retried or cancelled exactly as by its own route; one that cannot be is SKIPPED with the code that refused it. Answers at once with the action; follow it with `GET /admin/bulk/:bulkId`.',
    errors: ['UNAUTHORIZED', 'CSRF_TOKEN_INVALID', ...BODY_ERRORS],
  })
  @ApiResponse({ status: 202, description: 'The action, RUNNING' })
  async create(@Body() body: BulkActionDto, @CurrentOperator() operator: string): Promise<BulkView> {
    return toView(await this.start.execute(body, operator));
  }

  @Get('bulk/:bulkId')
  @ApiRoute({ summary: `A bulk action's progress and its per-order results (the first ${RESULTS_SHOWN}, in the order they were done)`, errors: ['UNAUTHORIZED', 'NOT_FOUND', 'INVALID_URL'] })
  async get(@Param('bulkId') bulkId: string): Promise<BulkView> {
    const action = await this.bulk.find(bulkId);
    if (action === null) throw new ApiError('NOT_FOUND', `bulk action ${bulkId} not found`);
    return toView(action, await this.bulk.resultsOf(bulkId, RESULTS_SHOWN));
  }
}
