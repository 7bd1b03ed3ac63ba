import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { PaymentIntent } from '../payment-intent.model';
import { ExpirePaymentIntentUseCase } from './expire-payment-intent.use-case';

/** `POST /sandbox/payment_intents/:id/expire` (sandbox control, no API key): see `ExpirePaymentIntentUseCase`. */
@Controller('sandbox/payment_intents')
export class PaymentIntentControlsController {
  constructor(private readonly expireIntent: ExpirePaymentIntentUseCase) {}

  @Post(':id/expire')
  @HttpCode(200)
  expire(@Param('id') id: string): PaymentIntent {
    return this.expireIntent.execute(id);
  }
}
