import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { AuditRepository, type AuditEntry } from '@app/dal';
import { ApiRoute } from '../../http/api-route.decorator';
import { RequestValidationError } from '../../http/request-validation.error';
import { AdminOnly } from '../admin-only.decorator';

@AdminOnly()
@Controller('admin/audit')
export class AdminAuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @ApiRoute({ summary: 'Operator actions, newest first (who, when, what, to which order, why, outcome); index `at`', errors: ['UNAUTHORIZED', 'VALIDATION_FAILED'] })
  @ApiQuery({ name: 'before', required: false, description: 'Paging: `at` of the last entry of the previous page' })
  async list(@Query('before') before?: string): Promise<Omit<AuditEntry, '_id'>[]> {
    const date = before === undefined ? undefined : new Date(before);
    if (date !== undefined && Number.isNaN(date.getTime())) throw new RequestValidationError([{ path: 'before', message: 'must be an ISO date-time' }]);
    return (await this.audit.newest(100, date)).map(({ _id, ...entry }) => entry);
  }
}
