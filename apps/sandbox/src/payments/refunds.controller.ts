import { Body, Controller, Headers, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiKeyGuard } from './api-key.guard';
import { CreateRefundUseCase } from './create-refund/create-refund.use-case';
import { requireIdempotencyKey } from './idempotency-key';
import { sendProviderResponse } from './send-provider-response';

@Controller('v1/refunds')
@UseGuards(ApiKeyGuard)
export class RefundsController {
  constructor(private readonly createRefund: CreateRefundUseCase) {}

  @Post()
  async create(@Body() body: unknown, @Headers('idempotency-key') key: string | undefined, @Res() res: Response): Promise<void> {
    const idempotencyKey = requireIdempotencyKey(key);
    sendProviderResponse(res, await this.createRefund.execute(body, idempotencyKey), idempotencyKey);
  }
}
