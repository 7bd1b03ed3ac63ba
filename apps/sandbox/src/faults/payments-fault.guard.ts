import { Injectable, type CanActivate } from '@nestjs/common';
import { SANDBOX_ERROR_CODES, SANDBOX_ERROR_TYPES, SandboxError } from '../common/sandbox.error';
import { FaultModes } from './fault-modes.service';

/**
 * Put on every Stripe-API controller (after `ApiKeyGuard`). Payments `ok`: lets the request
 * through. `unavailable`: 503 `api_error` at once. `hang`: holds the request, unanswered,
 * until the mode leaves `hang`, then 503. Either way nothing executes and nothing is saved
 * under the idempotency key (the guard runs before the handler).
 */
@Injectable()
export class PaymentsFaultGuard implements CanActivate {
  constructor(private readonly faults: FaultModes) {}

  async canActivate(): Promise<boolean> {
    const mode = this.faults.current().payments;
    if (mode === 'ok') return true;
    if (mode === 'hang') await this.faults.whilePaymentsHang();
    throw new SandboxError(`The payment provider is unavailable (sandbox fault: payments ${mode}). Nothing was executed; retry later.`, {
      status: 503,
      type: SANDBOX_ERROR_TYPES.api,
      code: SANDBOX_ERROR_CODES.serviceUnavailable,
    });
  }
}
