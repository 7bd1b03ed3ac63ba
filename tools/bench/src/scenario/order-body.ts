/** The JSON body of POST /orders for order `index` of a run. */
import type { OrderItem } from '@app/domain';
import type { Scenario } from './scenario';

export interface PlaceOrderBody {
  readonly customerId: string;
  readonly email: string;
  readonly items: readonly OrderItem[];
  readonly payment: { readonly token: string };
}

export const DECLINE_TOKEN = 'tok_decline';
export const PAY_TOKEN = 'tok_visa';

/** Every `declineEvery`th order (1-based) is declined by the sandbox; 0 means none is. */
export function orderBody(scenario: Scenario, index: number, declineEvery: number, runTag: string): PlaceOrderBody {
  const declined = declineEvery > 0 && (index + 1) % declineEvery === 0;
  return {
    customerId: `bench-${runTag}-${index % 500}`,
    email: `bench${index % 500}@example.com`,
    items: scenario.itemsFor(index),
    payment: { token: declined ? DECLINE_TOKEN : PAY_TOKEN },
  };
}
