/** What the provider's API returns for charges and refunds (camelCase, as the brief defines it). */
export const CHARGE_STATUSES = { succeeded: 'succeeded', failed: 'failed' } as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[keyof typeof CHARGE_STATUSES];

export interface ChargeRefund {
  readonly id: string;
  readonly amount: number;
  readonly status: 'succeeded';
  readonly created: string;
}

export interface Charge {
  readonly id: string;
  readonly object: 'charge';
  readonly amount: number;
  readonly currency: string;
  readonly status: ChargeStatus;
  readonly orderId: string;
  readonly source: string;
  readonly description: string | null;
  readonly idempotencyKey: string;
  readonly created: string;
  readonly failureCode: string | null;
  readonly amountRefunded: number;
  readonly refunded: boolean;
  readonly refunds: readonly ChargeRefund[];
}

export interface Refund {
  readonly id: string;
  readonly object: 'refund';
  readonly amount: number;
  readonly currency: string;
  readonly charge: string;
  readonly status: 'succeeded';
  readonly idempotencyKey: string;
  readonly created: string;
}

export interface ChargeList {
  readonly object: 'list';
  readonly data: readonly Charge[];
}
