import { Injectable } from '@nestjs/common';
import { newId } from '../common/new-id';
import { SANDBOX_ERROR_CODES, SandboxError } from '../common/sandbox.error';
import type { Charge, ChargeRefund, ChargeStatus, Refund } from './charge.model';

/**
 * The provider's books: every charge (succeeded or failed) and its refunds, in creation order.
 * Callers get copies, never the stored objects.
 *
 * `refund` errors (all `invalid_request_error`): 404 `resource_missing` (no such charge),
 * 400 `charge_not_refundable` (the charge failed), 400 `charge_already_refunded`,
 * 400 `amount_too_large` (more than what is left).
 */
export interface NewCharge {
  readonly amount: number;
  readonly currency: string;
  readonly source: string;
  readonly orderId: string;
  readonly description: string | null;
  readonly idempotencyKey: string;
  readonly status: ChargeStatus;
  readonly failureCode: string | null;
}

interface StoredCharge extends NewCharge {
  readonly id: string;
  readonly created: string;
  amountRefunded: number;
  readonly refunds: ChargeRefund[];
}

@Injectable()
export class ChargeLedger {
  private readonly charges = new Map<string, StoredCharge>();

  record(input: NewCharge): Charge {
    const charge: StoredCharge = { ...input, id: newId('ch'), created: new Date().toISOString(), amountRefunded: 0, refunds: [] };
    this.charges.set(charge.id, charge);
    return toView(charge);
  }

  find(id: string): Charge | undefined {
    const charge = this.charges.get(id);
    return charge === undefined ? undefined : toView(charge);
  }

  list(orderId?: string): Charge[] {
    const all = [...this.charges.values()];
    return all.filter((charge) => orderId === undefined || charge.orderId === orderId).map(toView);
  }

  refund(chargeId: string, amount: number | undefined, idempotencyKey: string): Refund {
    const charge = this.charges.get(chargeId);
    if (charge === undefined) {
      throw SandboxError.invalidRequest(SANDBOX_ERROR_CODES.resourceMissing, `No such charge: '${chargeId}'`, 'charge', 404);
    }
    if (charge.status !== 'succeeded') {
      throw SandboxError.invalidRequest(SANDBOX_ERROR_CODES.chargeNotRefundable, `Charge ${chargeId} did not succeed and cannot be refunded.`, 'charge');
    }
    const remaining = charge.amount - charge.amountRefunded;
    if (remaining === 0) {
      throw SandboxError.invalidRequest(SANDBOX_ERROR_CODES.chargeAlreadyRefunded, `Charge ${chargeId} has already been refunded.`, 'charge');
    }
    const refundAmount = amount ?? remaining;
    if (refundAmount > remaining) {
      throw SandboxError.invalidRequest(
        SANDBOX_ERROR_CODES.amountTooLarge,
        `Refund amount (${refundAmount}) is greater than unrefunded amount on charge (${remaining}).`,
        'amount',
      );
    }
    const refund: ChargeRefund = { id: newId('re'), amount: refundAmount, status: 'succeeded', created: new Date().toISOString() };
    charge.refunds.push(refund);
    charge.amountRefunded += refundAmount;
    return { ...refund, object: 'refund', currency: charge.currency, charge: charge.id, idempotencyKey };
  }
}

function toView(charge: StoredCharge): Charge {
  return {
    id: charge.id,
    object: 'charge',
    amount: charge.amount,
    currency: charge.currency,
    status: charge.status,
    orderId: charge.orderId,
    source: charge.source,
    description: charge.description,
    idempotencyKey: charge.idempotencyKey,
    created: charge.created,
    failureCode: charge.failureCode,
    amountRefunded: charge.amountRefunded,
    refunded: charge.amountRefunded === charge.amount,
    refunds: charge.refunds.map((refund) => ({ ...refund })),
  };
}
