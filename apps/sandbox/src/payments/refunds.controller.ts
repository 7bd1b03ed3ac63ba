import { Controller, Headers, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiKeyGuard } from '../common/api-key.guard';
import { FormBody } from '../common/form-params.decorator';
import type { FormReader } from '../common/form-reader';
import { PaymentsFaultGuard } from '../faults/payments-fault.guard';
import { CreateRefundUseCase } from './create-refund/create-refund.use-case';
import { optionalIdempotencyKey } from './idempotency-key';
import { sendProviderResponse } from './send-provider-response';

/** Stripe's `POST /v1/refunds` (see `CreateRefundUseCase`). */
@Controller('v1/refunds')
@UseGuards(ApiKeyGuard, PaymentsFaultGuard)
export class RefundsController {
  constructor(private readonly createRefund: CreateRefundUseCase) {}

  @Post()
  async create(@FormBody() form: FormReader, @Headers('idempotency-key') key: string | undefined, @Res() res: Response): Promise<void> {
    const idempotencyKey = optionalIdempotencyKey(key);
    sendProviderResponse(res, await this.createRefund.execute(form, idempotencyKey), idempotencyKey);
  }
}
