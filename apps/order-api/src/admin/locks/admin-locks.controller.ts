import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ApiRoute } from '../../http/api-route.decorator';
import { RequestValidationError } from '../../http/request-validation.error';
import { AdminOnly } from '../admin-only.decorator';
import { LiveLockView, BusySkusView } from './lock-views';
import { BUSY_WINDOW_MINUTES, ReadBusySkus } from './read-busy-skus.use-case';
import { LIVE_LOCKS_SHOWN, ReadLiveLocks } from './read-live-locks.use-case';

/** At most this many busy SKUs per answer (a top-K). */
const MAX_BUSY_SKUS = 50;

@AdminOnly()
@Controller('admin/locks')
export class AdminLocksController {
  constructor(
    private readonly liveLocks: ReadLiveLocks,
    private readonly busySkus: ReadBusySkus,
  ) {}

  @Get()
  @ApiRoute({
    summary: 'Live item locks (SKU, owner, ms until expiry, acquired at) with each SKU\'s current fence, soonest to expire first',
    description: `Live = \`expiresAt\` after now by the database clock (index \`lock_ttl\`); at most ${LIVE_LOCKS_SHOWN}. The fences are read from the SKUs' stock in one \`$in\`.`,
    errors: ['UNAUTHORIZED'],
  })
  @ApiResponse({ status: 200, type: [LiveLockView] })
  list(): Promise<LiveLockView[]> {
    return this.liveLocks.execute();
  }

  @Get('busy')
  @ApiRoute({
    summary: `The SKUs with the most busy re-queues (jobs that found the item's lock or fence held) over the last ${BUSY_WINDOW_MINUTES} minutes`,
    description: 'Each worker counts per SKU in memory (at most 50 SKUs between flushes) and adds its counts every 2 s in one bulk; one document per SKU per minute in `busy_skus` (index `busy_minute`, kept an hour).',
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED'],
  })
  @ApiQuery({ name: 'limit', required: false, description: `1-${MAX_BUSY_SKUS}, default 10` })
  @ApiResponse({ status: 200, type: BusySkusView })
  busy(@Query('limit') limit?: string): Promise<BusySkusView> {
    const size = limit === undefined ? 10 : Number(limit);
    if (!/^\d+$/.test(limit ?? '10') || size < 1 || size > MAX_BUSY_SKUS) throw new RequestValidationError([{ path: 'limit', message: `must be an integer from 1 to ${MAX_BUSY_SKUS}` }]);
    return this.busySkus.execute(size);
  }
}
