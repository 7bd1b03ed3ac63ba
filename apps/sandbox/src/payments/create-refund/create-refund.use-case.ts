import { Injectable } from '@nestjs/common';
import { validateParams } from '../../common/validate-params';
import { ChargeLedger } from '../charge-ledger.service';
import { IdempotentRequestRunner, type IdempotentResult } from '../idempotent-request.runner';
import { CreateRefundDto } from './create-refund.dto';

/**
 * `POST /v1/refunds`: validates the body (400, not saved), then refunds under the idempotency
 * key. Business refusals (unknown or failed charge, too large) are saved and replayed like
 * any other answer; see `ChargeLedger.refund` for their codes.
 */
@Injectable()
export class CreateRefundUseCase {
  constructor(
    private readonly ledger: ChargeLedger,
    private readonly runner: IdempotentRequestRunner,
  ) {}

  execute(body: unknown, idempotencyKey: string): Promise<IdempotentResult> {
    const params = validateParams(CreateRefundDto, body);
    return this.runner.run({ key: idempotencyKey, endpoint: 'POST /v1/refunds', params: body }, () => ({
      response: { status: 200, body: this.ledger.refund(params.charge, params.amount ?? undefined, idempotencyKey) },
    }));
  }
}
