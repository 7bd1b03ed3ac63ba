import { Body, Controller, Get, Headers, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { optionalQueryString } from '../common/optional-query-string';
import { SANDBOX_ERROR_CODES, SandboxError } from '../common/sandbox.error';
import { ApiKeyGuard } from './api-key.guard';
import { ChargeLedger } from './charge-ledger.service';
import type { Charge, ChargeList } from './charge.model';
import { CreateChargeUseCase } from './create-charge/create-charge.use-case';
import { requireIdempotencyKey } from './idempotency-key';
import { sendProviderResponse } from './send-provider-response';

@Controller('v1/charges')
@UseGuards(ApiKeyGuard)
export class ChargesController {
  constructor(
    private readonly createCharge: CreateChargeUseCase,
    private readonly ledger: ChargeLedger,
  ) {}

  @Post()
  async create(@Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res() res: Response): Promise<void> {
    const idempotencyKey = requireIdempotencyKey(key);
    sendProviderResponse(res, await this.createCharge.execute(body, idempotencyKey), idempotencyKey);
  }

  @Get()
  list(@Query('orderId') orderId: unknown): ChargeList {
    return { object: 'list', data: this.ledger.list(optionalQueryString(orderId, 'orderId')) };
  }

  @Get(':id')
  get(@Param('id') id: string): Charge {
    const charge = this.ledger.find(id);
    if (charge === undefined) {
      throw SandboxError.invalidRequest(SANDBOX_ERROR_CODES.resourceMissing, `No such charge: '${id}'`, 'id', 404);
    }
    return charge;
  }
}
