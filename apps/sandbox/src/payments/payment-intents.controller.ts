import { Controller, Get, Headers, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiKeyGuard } from '../common/api-key.guard';
import { FormBody, QueryParams } from '../common/form-params.decorator';
import type { FormReader } from '../common/form-reader';
import { PaymentsFaultGuard } from '../faults/payments-fault.guard';
import { CancelPaymentIntentUseCase } from './cancel-payment-intent/cancel-payment-intent.use-case';
import { CapturePaymentIntentUseCase } from './capture-payment-intent/capture-payment-intent.use-case';
import { CreatePaymentIntentUseCase } from './create-payment-intent/create-payment-intent.use-case';
import { optionalIdempotencyKey } from './idempotency-key';
import type { PaymentIntent, PaymentIntentSearchResult } from './payment-intent.model';
import { RetrievePaymentIntentUseCase } from './retrieve-payment-intent/retrieve-payment-intent.use-case';
import { SearchPaymentIntentsUseCase } from './search-payment-intents/search-payment-intents.use-case';
import { sendProviderResponse } from './send-provider-response';

/** Stripe's PaymentIntents API, the subset the product uses (see the use cases for each contract). */
@Controller('v1/payment_intents')
@UseGuards(ApiKeyGuard, PaymentsFaultGuard)
export class PaymentIntentsController {
  constructor(
    private readonly createIntent: CreatePaymentIntentUseCase,
    private readonly captureIntent: CapturePaymentIntentUseCase,
    private readonly cancelIntent: CancelPaymentIntentUseCase,
    private readonly retrieveIntent: RetrievePaymentIntentUseCase,
    private readonly searchIntents: SearchPaymentIntentsUseCase,
  ) {}

  @Post()
  async create(@FormBody() form: FormReader, @Headers('idempotency-key') key: string | undefined, @Res() res: Response): Promise<void> {
    const idempotencyKey = optionalIdempotencyKey(key);
    sendProviderResponse(res, await this.createIntent.execute(form, idempotencyKey), idempotencyKey);
  }

  // declared before `:id`, so `search` is not taken for an id
  @Get('search')
  search(@QueryParams() query: FormReader): PaymentIntentSearchResult {
    return this.searchIntents.execute(query);
  }

  @Get(':id')
  retrieve(@Param('id') id: string, @QueryParams() query: FormReader): PaymentIntent {
    return this.retrieveIntent.execute(id, query);
  }

  @Post(':id/capture')
  async capture(@Param('id') id: string, @FormBody() form: FormReader, @Headers('idempotency-key') key: string | undefined, @Res() res: Response): Promise<void> {
    const idempotencyKey = optionalIdempotencyKey(key);
    sendProviderResponse(res, await this.captureIntent.execute(id, form, idempotencyKey), idempotencyKey);
  }

  @Post(':id/cancel')
  async cancel(@Param('id') id: string, @FormBody() form: FormReader, @Headers('idempotency-key') key: string | undefined, @Res() res: Response): Promise<void> {
    const idempotencyKey = optionalIdempotencyKey(key);
    sendProviderResponse(res, await this.cancelIntent.execute(id, form, idempotencyKey), idempotencyKey);
  }
}
